import type { Request, Response, Router } from 'express';
import type { z } from 'zod';
import type { Endpoint, FieldError } from '@carecircle/core';
import { fieldErrors, unauthorized, validationFailed } from './errors.ts';
import { currentContext, type RequestContext } from './request-context.ts';

type Parsed<S> = [NonNullable<S>] extends [never]
  ? undefined
  : NonNullable<S> extends z.ZodType
    ? z.output<NonNullable<S>>
    : undefined;

export interface HandlerInput<E extends Endpoint> {
  params: Parsed<E['params']>;
  query: Parsed<E['query']>;
  body: Parsed<E['body']>;
  ctx: RequestContext;
  req: Request;
  res: Response;
}

/**
 * Registers a thin handler for a contract endpoint: validates params, query and body with the
 * endpoint's zod schemas (400 naming every bad field), calls the handler, and shapes the
 * response with the endpoint's response schema (unknown fields never leak).
 */
export function route<E extends Endpoint>(
  router: Router,
  endpoint: E,
  handler: (input: HandlerInput<E>) => Promise<z.input<E['response']>> | z.input<E['response']>,
): void {
  router[endpoint.method](endpoint.path, async (req: Request, res: Response) => {
    // 401 before 400: nobody learns about an endpoint's input without signing in.
    if (endpoint.auth && !currentContext()?.actor) {
      throw unauthorized('Please sign in to continue.', {
        'WWW-Authenticate': 'Bearer realm="carecircle"',
      });
    }
    const errors: FieldError[] = [];
    const parse = (
      where: 'params' | 'query' | 'body',
      schema: z.ZodType | undefined,
      value: unknown,
    ) => {
      if (!schema) return undefined;
      const result = schema.safeParse(value ?? (where === 'body' ? undefined : {}));
      if (!result.success) {
        errors.push(...fieldErrors(where, result.error));
        return undefined;
      }
      return result.data;
    };
    const params = parse('params', endpoint.params, req.params);
    const query = parse('query', endpoint.query, req.query);
    const body = parse('body', endpoint.body, req.body);
    if (errors.length > 0) throw validationFailed(errors);
    const ctx = currentContext()!;
    const result = await handler({ params, query, body, ctx, req, res } as HandlerInput<E>);
    // Endpoints whose response is not JSON (a file, a FHIR Bundle) send it themselves.
    if (res.headersSent) return;
    // A handler may pick another status (e.g. 503 from /readyz); otherwise the contract's.
    const status = res.statusCode === 200 ? endpoint.status : res.statusCode;
    res.status(status).json(endpoint.response.parse(result));
  });
}
