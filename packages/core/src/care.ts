import { z } from 'zod';
import { defineEndpoint } from './endpoint.ts';
import { NoContent } from './sign-up.ts';

/**
 * Care relationships: a patient explicitly shares their records with a provider (and can end
 * the share at any time), and a provider without a relationship can open a patient's record in
 * an emergency only by giving a reason (break-the-glass: time-limited, audited, notified).
 */

/** A patient shares their records with a provider. */
export const CareShareInput = z
  .object({ providerId: z.uuid({ message: 'Pick a provider' }) })
  .meta({ id: 'CareShareInput' });
export type CareShareInput = z.input<typeof CareShareInput>;

/** A share as the patient who gave it sees it. */
export const CareShare = z
  .object({
    id: z.uuid(),
    provider: z.object({ id: z.uuid(), name: z.string() }),
    createdAt: z.string(),
  })
  .meta({
    id: 'CareShare',
    description: "A patient's explicit share of their records with a provider.",
  });
export type CareShare = z.infer<typeof CareShare>;

/** The shortest reason a provider must give to break the glass. */
export const BREAK_GLASS_REASON_MIN = 10;
/** How long a break-the-glass access lasts. */
export const BREAK_GLASS_HOURS = 4;

export const BreakGlassInput = z
  .object({
    patientId: z.uuid({ message: 'Must be the id of a patient' }),
    reason: z
      .string({ message: 'Say why you need to open this record' })
      .trim()
      .min(BREAK_GLASS_REASON_MIN, 'Say why you need to open this record (at least 10 characters)')
      .max(1000),
  })
  .meta({ id: 'BreakGlassInput' });
export type BreakGlassInput = z.input<typeof BreakGlassInput>;

export const BreakGlassAccess = z
  .object({
    id: z.uuid(),
    patientId: z.uuid(),
    /** When the access stops working on its own. */
    expiresAt: z.string(),
  })
  .meta({ id: 'BreakGlassAccess' });
export type BreakGlassAccess = z.infer<typeof BreakGlassAccess>;

const CareShareParams = z.object({ shareId: z.uuid() });

export const listCareSharesEndpoint = defineEndpoint({
  method: 'get',
  path: '/api/v1/care-shares',
  operationId: 'listCareShares',
  summary: 'The providers I share my records with',
  tags: ['access'],
  status: 200,
  response: z.object({ items: z.array(CareShare) }),
  auth: true,
});

export const createCareShareEndpoint = defineEndpoint({
  method: 'post',
  path: '/api/v1/care-shares',
  operationId: 'createCareShare',
  summary: 'Share my records with a provider (idempotent)',
  tags: ['access'],
  body: CareShareInput,
  status: 201,
  response: CareShare,
  auth: true,
});

export const endCareShareEndpoint = defineEndpoint({
  method: 'delete',
  path: '/api/v1/care-shares/:shareId',
  operationId: 'endCareShare',
  summary: 'Stop sharing my records with a provider, effective immediately',
  tags: ['access'],
  params: CareShareParams,
  status: 204,
  response: NoContent,
  auth: true,
});

export const breakGlassEndpoint = defineEndpoint({
  method: 'post',
  path: '/api/v1/break-glass',
  operationId: 'breakGlass',
  summary:
    "Open a patient's record without a care relationship, giving a reason (providers only; 4 hours, audited, the patient is told)",
  tags: ['access'],
  body: BreakGlassInput,
  status: 201,
  response: BreakGlassAccess,
  auth: true,
});
