import type { ErrorRequestHandler } from 'express';
import type { OperationOutcome, OperationOutcomeIssue } from '@medplum/fhirtypes';
import { toHttpError } from '../../platform/errors.ts';
import { currentContext } from '../../platform/request-context.ts';
import { FhirInvalidError } from '../fhir-validation.ts';
import { ResourceNotFoundError, VersionConflictError } from '../record-store.ts';
import { sendFhir } from './fhir-http.ts';

/**
 * Errors of the FHIR endpoint: always an OperationOutcome (never problem+json), with the HTTP
 * status FHIR uses for the case. Issues name the element or search parameter when there is one.
 */

type IssueCode = OperationOutcomeIssue['code'];

export class FhirError extends Error {
  override name = 'FhirError';
  readonly status: number;
  readonly code: IssueCode;
  readonly expression: string | undefined;
  readonly headers: Record<string, string>;
  constructor(
    status: number,
    code: IssueCode,
    text: string,
    options: { expression?: string; headers?: Record<string, string> } = {},
  ) {
    super(text);
    this.status = status;
    this.code = code;
    this.expression = options.expression;
    this.headers = options.headers ?? {};
  }

  get outcome(): OperationOutcome {
    return operationOutcome(this.code, this.message, this.expression);
  }
}

export function operationOutcome(
  code: IssueCode,
  text: string,
  expression?: string,
  severity: OperationOutcomeIssue['severity'] = 'error',
): OperationOutcome {
  return {
    resourceType: 'OperationOutcome',
    issue: [
      { severity, code, details: { text }, ...(expression ? { expression: [expression] } : {}) },
    ],
  };
}

/** 400: a search parameter or a header that cannot be understood (names it). */
export const fhirBadRequest = (text: string, expression?: string) =>
  new FhirError(400, 'invalid', text, { expression });

/** 404: nothing here, or someone else's data (existence is never revealed). */
export const fhirNotFound = (text = 'There is no such resource.') =>
  new FhirError(404, 'not-found', text);

/** 404 for a resource type this server does not offer. */
export const fhirUnsupportedType = (type: string) =>
  new FhirError(404, 'not-supported', `This server does not offer ${type} resources.`);

export const fhirForbidden = (text = 'You are not allowed to do this.') =>
  new FhirError(403, 'forbidden', text);

export const fhirMethodNotAllowed = (text: string) => new FhirError(405, 'not-supported', text);

export const fhirUnauthorized = (text = 'An access token is required.') =>
  new FhirError(401, 'login', text, {
    headers: { 'WWW-Authenticate': 'Bearer realm="carecircle"' },
  });

export const fhirUnsupportedMediaType = () =>
  new FhirError(
    415,
    'not-supported',
    'Send resources as application/fhir+json (or application/json).',
  );

const ISSUE_CODE_BY_STATUS: Record<number, IssueCode> = {
  400: 'invalid',
  401: 'login',
  403: 'forbidden',
  404: 'not-found',
  405: 'not-supported',
  409: 'conflict',
  410: 'deleted',
  412: 'conflict',
  413: 'too-costly',
  415: 'not-supported',
  422: 'business-rule',
  429: 'throttled',
};

/** The FHIR endpoint's error middleware: every error becomes an OperationOutcome. */
export const fhirErrorHandler: ErrorRequestHandler = (err, _req, res, next) => {
  if (res.headersSent) {
    next(err);
    return;
  }
  if (err instanceof FhirError) {
    sendFhir(res, err.status, err.outcome, err.headers);
    return;
  }
  if (err instanceof FhirInvalidError) {
    // A resource about another patient than the one it is stored for is a business rule (422).
    const status = err.issues.every((i) => i.code === 'business-rule') ? 422 : 400;
    sendFhir(res, status, err.outcome);
    return;
  }
  if (err instanceof VersionConflictError) {
    sendFhir(
      res,
      412,
      operationOutcome(
        'conflict',
        `The resource has changed meanwhile: it is at version ${err.currentVersion}.`,
      ),
      { ETag: `W/"${err.currentVersion}"` },
    );
    return;
  }
  if (err instanceof ResourceNotFoundError) {
    sendFhir(res, 404, fhirNotFound().outcome);
    return;
  }
  const http = toHttpError(err);
  if (http && http.status < 500) {
    const code = ISSUE_CODE_BY_STATUS[http.status] ?? 'processing';
    sendFhir(
      res,
      http.status,
      operationOutcome(code, http.status === 400 ? http.detail : http.detail || http.title),
      http.headers,
    );
    return;
  }
  // Log what helps fixing it: never bodies or values (health data).
  const e = err instanceof Error ? err : new Error('non-error thrown');
  currentContext()?.logger.error(
    { err: { name: e.name, stack: e.stack?.split('\n').slice(1).join('\n') } },
    'unexpected error in the FHIR endpoint',
  );
  sendFhir(res, 500, operationOutcome('exception', 'Something went wrong on our side.'));
};
