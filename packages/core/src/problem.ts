import { z } from 'zod';

/** Base URI of every problem `type` (RFC 9457). Stable: clients may match on it. */
export const PROBLEM_BASE = 'https://carecircle.example/problems/';

export const problemTypes = {
  validation: 'validation',
  malformedJson: 'malformed-json',
  unsupportedMediaType: 'unsupported-media-type',
  payloadTooLarge: 'payload-too-large',
  notFound: 'not-found',
  methodNotAllowed: 'method-not-allowed',
  unauthorized: 'unauthorized',
  forbidden: 'forbidden',
  conflict: 'conflict',
  tooManyRequests: 'too-many-requests',
  notReady: 'not-ready',
  internal: 'internal',
} as const;

export type ProblemTypeName = (typeof problemTypes)[keyof typeof problemTypes];

export function problemType(name: string): string {
  return PROBLEM_BASE + name;
}

export const FieldError = z
  .object({
    /** Where the bad value is, e.g. `body.email` or `query.from`. */
    path: z.string(),
    message: z.string(),
    code: z.string().optional(),
  })
  .meta({ id: 'FieldError' });
export type FieldError = z.infer<typeof FieldError>;

export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    requestId: z.string().optional(),
    errors: z.array(FieldError).optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details (application/problem+json).' });
export type Problem = z.infer<typeof Problem>;
