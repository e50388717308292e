import type { z } from 'zod';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/**
 * One HTTP endpoint of the API contract. The server validates with these schemas and builds
 * the OpenAPI document from them; the client types its calls and checks responses with them.
 */
export interface Endpoint<
  Params extends z.ZodType | undefined = z.ZodType | undefined,
  Query extends z.ZodType | undefined = z.ZodType | undefined,
  Body extends z.ZodType | undefined = z.ZodType | undefined,
  Response extends z.ZodType = z.ZodType,
> {
  method: HttpMethod;
  /** Express-style path, e.g. `/api/v1/providers/:providerId`. */
  path: string;
  operationId: string;
  summary: string;
  tags: string[];
  params?: Params;
  query?: Query;
  body?: Body;
  /** Status code of a successful response. */
  status: number;
  response: Response;
  /** Whether the endpoint needs a signed-in person. */
  auth: boolean;
}

export function defineEndpoint<
  Params extends z.ZodType | undefined = undefined,
  Query extends z.ZodType | undefined = undefined,
  Body extends z.ZodType | undefined = undefined,
  Response extends z.ZodType = z.ZodType,
>(e: Endpoint<Params, Query, Body, Response>): Endpoint<Params, Query, Body, Response> {
  return e;
}

type InputOf<T> = T extends z.ZodType ? z.input<T> : undefined;
export type ResponseOf<E extends Endpoint> = z.output<E['response']>;
export type QueryOf<E extends Endpoint> = InputOf<E['query']>;
export type ParamsOf<E extends Endpoint> = InputOf<E['params']>;
export type BodyOf<E extends Endpoint> = InputOf<E['body']>;
