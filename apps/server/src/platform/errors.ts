import type { ErrorRequestHandler, RequestHandler } from 'express';
import { z } from 'zod';
import { problemType, problemTypes, type FieldError, type Problem } from '@carecircle/core';
import { currentContext } from './request-context.ts';

/** An error that becomes a problem+json response. Create them with the factories below. */
export class HttpError extends Error {
  override name = 'HttpError';
  readonly status: number;
  readonly type: string;
  readonly title: string;
  readonly errors: FieldError[] | undefined;
  readonly headers: Record<string, string>;

  constructor(init: {
    status: number;
    type: string;
    title: string;
    detail?: string;
    errors?: FieldError[];
    headers?: Record<string, string>;
  }) {
    super(init.detail ?? init.title);
    this.status = init.status;
    this.type = problemType(init.type);
    this.title = init.title;
    this.errors = init.errors;
    this.headers = init.headers ?? {};
  }

  get detail(): string {
    return this.message;
  }
}

export const badRequest = (detail: string, errors?: FieldError[]) =>
  new HttpError({
    status: 400,
    type: problemTypes.validation,
    title: 'Some fields need fixing',
    detail,
    errors,
  });

export const validationFailed = (errors: FieldError[]) =>
  badRequest(errors.map((e) => `${e.path}: ${e.message}`).join('; '), errors);

export const notFound = (detail = 'There is nothing here.') =>
  new HttpError({ status: 404, type: problemTypes.notFound, title: 'Not found', detail });

export const unauthorized = (detail = 'Please sign in.', headers?: Record<string, string>) =>
  new HttpError({
    status: 401,
    type: problemTypes.unauthorized,
    title: 'Sign-in required',
    detail,
    headers,
  });

export const forbidden = (detail = 'You are not allowed to do this.') =>
  new HttpError({ status: 403, type: problemTypes.forbidden, title: 'Not allowed', detail });

/** 409 with a specific stable type, e.g. conflict('slot-unavailable', 'That time was just taken.') */
export const conflict = (type: string, detail: string) =>
  new HttpError({ status: 409, type, title: 'Conflict', detail });

/** Scheduling (issue 4): the slot was taken meanwhile or is not offered. Clients match on the type. */
export const slotUnavailable = (
  detail = 'That time is no longer free. Please pick another time.',
) => conflict('slot-unavailable', detail);

/** Scheduling: the patient already has an appointment overlapping this time. */
export const patientBusy = (
  detail = 'You already have an appointment at that time. Please pick another time.',
) => conflict('patient-busy', detail);

/** An Idempotency-Key sent again with a different request. */
export const idempotencyKeyReused = () =>
  new HttpError({
    status: 422,
    type: 'idempotency-key-reused',
    title: 'Idempotency key reused',
    detail:
      'This Idempotency-Key was already used for a different request. Use a new key for a new request.',
  });

/** 409 about one field's value, e.g. a status change the current state does not allow. */
export const conflictOn = (type: string, path: string, detail: string) =>
  new HttpError({
    status: 409,
    type,
    title: 'Conflict',
    detail,
    errors: [{ path, message: detail, code: type }],
  });

export const tooManyRequests = (detail: string, retryAfterSeconds: number) =>
  new HttpError({
    status: 429,
    type: problemTypes.tooManyRequests,
    title: 'Too many requests',
    detail,
    headers: { 'Retry-After': String(retryAfterSeconds) },
  });

/** Turns zod issues into field errors whose path starts with where the value came from. */
export function fieldErrors(where: 'body' | 'query' | 'params', error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    path: [where, ...issue.path.map(String)].join('.'),
    message: issue.message,
    code: issue.code,
  }));
}

export function sendProblem(
  res: Parameters<RequestHandler>[1],
  problem: Problem,
  headers: Record<string, string> = {},
): void {
  res.status(problem.status);
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  res.setHeader('Cache-Control', 'no-store');
  res.type('application/problem+json');
  res.send(JSON.stringify(problem));
}

/** Unknown route under an API prefix. */
export const notFoundHandler: RequestHandler = (req) => {
  throw notFound(`No ${req.method} ${req.path} here. See /api/docs for what the API offers.`);
};

interface BodyParserError {
  type: string;
  status: number;
  expose?: boolean;
  /** For entity.too.large: the endpoint's limit in bytes. */
  limit?: number;
}

/** A byte count for people: "10 MB", "512 KB". */
function bytesText(n: number): string {
  if (n >= 1024 * 1024) return `${Math.round((n / 1024 / 1024) * 10) / 10} MB`;
  if (n >= 1024) return `${Math.round((n / 1024) * 10) / 10} KB`;
  return `${n} bytes`;
}

function isBodyParserError(err: unknown): err is BodyParserError {
  return typeof err === 'object' && err !== null && 'type' in err && 'status' in err;
}

interface PgError {
  code: string;
  constraint?: string;
}

function isPgError(err: unknown): err is PgError {
  return (
    typeof err === 'object' &&
    err !== null &&
    'code' in err &&
    typeof err.code === 'string' &&
    /^[0-9A-Z]{5}$/.test(err.code) &&
    'severity' in err
  );
}

/** Maps any error to an HttpError, or undefined for an unexpected one (a 500). */
export function toHttpError(err: unknown): HttpError | undefined {
  if (err instanceof HttpError) return err;
  if (err instanceof z.ZodError) return validationFailed(fieldErrors('body', err));
  if (isBodyParserError(err)) {
    switch (err.type) {
      case 'entity.parse.failed':
        return new HttpError({
          status: 400,
          type: problemTypes.malformedJson,
          title: 'Malformed JSON',
          detail: 'The request body is not valid JSON.',
        });
      case 'entity.too.large':
        return new HttpError({
          status: 413,
          type: problemTypes.payloadTooLarge,
          title: 'Request body too large',
          detail:
            typeof err.limit === 'number'
              ? `The request body is larger than this endpoint accepts (at most ${bytesText(err.limit)}).`
              : 'The request body is larger than this endpoint accepts.',
        });
      case 'encoding.unsupported':
      case 'charset.unsupported':
        return new HttpError({
          status: 415,
          type: problemTypes.unsupportedMediaType,
          title: 'Unsupported encoding',
          detail: 'Send the body as UTF-8 JSON.',
        });
      case 'request.aborted':
        return new HttpError({ status: 400, type: 'request-aborted', title: 'Request aborted' });
      default:
        if (err.status >= 400 && err.status < 500) {
          return new HttpError({ status: err.status, type: 'bad-request', title: 'Bad request' });
        }
    }
  }
  // Other http-errors from Express middleware (e.g. serve-static's 404).
  const status = (err as { status?: unknown } | null)?.status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    if (status === 404) return notFound();
    return new HttpError({ status, type: 'bad-request', title: 'Bad request' });
  }
  if (isPgError(err)) {
    if (err.code === '23505') return conflict('already-exists', 'This already exists.');
    if (err.code === '23P01') {
      if (err.constraint === 'appointments_no_provider_overlap') return slotUnavailable();
      if (err.constraint === 'appointments_no_patient_overlap') return patientBusy();
      return conflict('overlap', 'This overlaps with something that already exists.');
    }
    if (err.code === '40001' || err.code === '40P01') {
      return new HttpError({
        status: 409,
        type: 'retry',
        title: 'Conflict',
        detail: 'Please try again.',
      });
    }
  }
  return undefined;
}

/** The one error middleware: problem+json out, no stack traces or SQL. */
export const errorHandler: ErrorRequestHandler = (err, req, res, next) => {
  const ctx = currentContext();
  if (res.headersSent) {
    next(err);
    return;
  }
  const http = toHttpError(err);
  if (http) {
    sendProblem(
      res,
      {
        type: http.type,
        title: http.title,
        status: http.status,
        detail: http.detail,
        ...(http.errors ? { errors: http.errors } : {}),
        instance: req.originalUrl.split('?')[0],
        requestId: ctx?.requestId,
      },
      http.headers,
    );
    return;
  }
  // Log what helps fixing it, never request bodies or values (which may hold health data).
  // A PostgreSQL error's message and detail can quote values, so only its code is logged.
  const e = err instanceof Error ? err : new Error('non-error thrown');
  ctx?.logger.error(
    isPgError(err)
      ? {
          err: {
            name: 'DatabaseError',
            code: err.code,
            constraint: err.constraint,
            stack: e.stack?.split('\n').slice(1).join('\n'),
          },
        }
      : { err: { name: e.name, message: e.message, stack: e.stack } },
    'unexpected error',
  );
  sendProblem(res, {
    type: problemType(problemTypes.internal),
    title: 'Something went wrong on our side',
    status: 500,
    detail:
      'The error has been logged. Please try again; if it keeps happening, quote the request id.',
    instance: req.originalUrl.split('?')[0],
    requestId: ctx?.requestId,
  });
};
