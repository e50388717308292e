import { z } from 'zod';
import { defineEndpoint } from './endpoint.ts';
import { Locale } from './roles.ts';

export const Health = z.object({ status: z.literal('ok') }).meta({ id: 'Health' });
export type Health = z.infer<typeof Health>;

export const Readiness = z
  .object({
    status: z.enum(['ready', 'not_ready']),
    checks: z.object({
      database: z.enum(['ok', 'unreachable']),
      migrations: z.enum(['ok', 'pending', 'unknown']),
    }),
  })
  .meta({ id: 'Readiness' });
export type Readiness = z.infer<typeof Readiness>;

export const AppInfo = z
  .object({
    name: z.string(),
    version: z.string(),
    environment: z.enum(['development', 'test', 'production']),
    demoData: z.boolean(),
    locales: z.array(Locale),
  })
  .meta({ id: 'AppInfo' });
export type AppInfo = z.infer<typeof AppInfo>;

export const healthEndpoint = defineEndpoint({
  method: 'get',
  path: '/healthz',
  operationId: 'getHealth',
  summary: 'The process is alive',
  tags: ['platform'],
  status: 200,
  response: Health,
  auth: false,
});

export const readinessEndpoint = defineEndpoint({
  method: 'get',
  path: '/readyz',
  operationId: 'getReadiness',
  summary: 'The database is reachable and every migration is applied (503 otherwise)',
  tags: ['platform'],
  status: 200,
  response: Readiness,
  auth: false,
});

export const appInfoEndpoint = defineEndpoint({
  method: 'get',
  path: '/api/v1/info',
  operationId: 'getAppInfo',
  summary: 'Name, version and environment of this CareCircle server',
  tags: ['platform'],
  status: 200,
  response: AppInfo,
  auth: false,
});
