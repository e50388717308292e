import type { Router } from 'express';
import { appInfoEndpoint, healthEndpoint, readinessEndpoint } from '@carecircle/core';
import { route } from './route.ts';
import { pendingMigrations } from './migrate.ts';
import type { AppDeps } from './app-deps.ts';

export function platformRoutes(router: Router, deps: AppDeps): void {
  route(router, healthEndpoint, () => ({ status: 'ok' as const }));

  route(router, readinessEndpoint, async ({ res }) => {
    let database: 'ok' | 'unreachable' = 'ok';
    let migrations: 'ok' | 'pending' | 'unknown' = 'unknown';
    try {
      const pending = await withTimeout(
        pendingMigrations(deps.database.pool, deps.migrations),
        3_000,
      );
      migrations = pending === 0 ? 'ok' : 'pending';
    } catch (err) {
      // 42P01: schema_migrations does not exist yet, so nothing is applied.
      if ((err as { code?: string }).code === '42P01') migrations = 'pending';
      else database = 'unreachable';
    }
    const ready = database === 'ok' && migrations === 'ok';
    if (!ready) res.status(503);
    return {
      status: ready ? ('ready' as const) : ('not_ready' as const),
      checks: { database, migrations },
    };
  });

  route(router, appInfoEndpoint, () => ({
    name: 'CareCircle',
    version: deps.config.version,
    environment: deps.config.env,
    demoData: deps.config.demoData,
    locales: ['en' as const, 'es' as const],
  }));
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timed out')), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
