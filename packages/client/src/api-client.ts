import {
  ACTING_FOR_HEADER,
  Problem,
  problemType,
  problemTypes,
  type BodyOf,
  type Endpoint,
  type ParamsOf,
  type QueryOf,
  type ResponseOf,
} from '@carecircle/core';

export interface ApiClientOptions {
  /** Origin of the API, e.g. `https://carecircle.example`. Empty string = same origin (web). */
  baseUrl: string;
  /** Returns the current access token, if someone is signed in. */
  getAccessToken?: () => string | undefined | Promise<string | undefined>;
  /**
   * The patient a caregiver is acting for (their account id), if any: sent as `X-Acting-For`
   * with every call, so the server answers with that patient's data within the grant.
   */
  getActingFor?: () => string | undefined | null;
  /**
   * The language the app shows (`en`, `es`): sent as `Accept-Language`, so text the server
   * writes for the reader (notifications) matches the screen rather than the browser.
   */
  getLocale?: () => string | undefined;
  fetch?: typeof fetch;
}

export interface CallOptions<E extends Endpoint> {
  params?: ParamsOf<E>;
  query?: QueryOf<E>;
  body?: BodyOf<E>;
  signal?: AbortSignal;
  /** Extra request headers, e.g. `Idempotency-Key` for a booking. */
  headers?: Record<string, string>;
  /** A body that is not JSON (a document upload): sent as is with its content type. */
  rawBody?: { data: Blob | ArrayBuffer | Uint8Array; contentType: string };
}

/** A failed API call, carrying the server's problem+json (or one made up for network failures). */
export class ApiError extends Error {
  readonly problem: Problem;
  constructor(problem: Problem) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
    this.problem = problem;
  }
  get status(): number {
    return this.problem.status;
  }
}

function scalar(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString();
  throw new Error('Only strings, numbers, booleans and dates can go in a URL');
}

export function buildPath(path: string, params: Record<string, unknown> | undefined): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => {
    const value = params?.[name];
    if (value === undefined || value === null) throw new Error(`Missing path parameter ${name}`);
    return encodeURIComponent(scalar(value));
  });
}

export function buildQuery(query: Record<string, unknown> | undefined): string {
  if (!query) return '';
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) for (const v of value as unknown[]) search.append(key, scalar(v));
    else search.append(key, scalar(value));
  }
  const s = search.toString();
  return s ? `?${s}` : '';
}

export interface ApiClient {
  call<E extends Endpoint>(endpoint: E, options?: CallOptions<E>): Promise<ResponseOf<E>>;
  /**
   * A non-JSON resource of the API (e.g. an appointment's `.ics`), fetched with the same
   * token and `X-Acting-For` as `call`; failures throw an ApiError.
   */
  getFile(path: string, options?: { signal?: AbortSignal }): Promise<Blob>;
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  async function baseHeaders(accept: string): Promise<Record<string, string>> {
    const headers: Record<string, string> = { accept };
    const token = await options.getAccessToken?.();
    if (token) headers.authorization = `Bearer ${token}`;
    const actingFor = options.getActingFor?.();
    if (actingFor) headers[ACTING_FOR_HEADER.toLowerCase()] = actingFor;
    const locale = options.getLocale?.();
    if (locale) headers['accept-language'] = locale;
    return headers;
  }
  return {
    async getFile(path: string, call: { signal?: AbortSignal } = {}): Promise<Blob> {
      const headers = await baseHeaders('*/*');
      let response: Response;
      try {
        response = await doFetch(options.baseUrl + path, { headers, signal: call.signal });
      } catch (err) {
        if (err instanceof Error && err.name === 'AbortError') throw err;
        throw networkError();
      }
      if (!response.ok) {
        const text = await response.text();
        throw new ApiError(problemOf(response, text ? safeJson(text) : undefined));
      }
      return response.blob();
    },
    async call<E extends Endpoint>(endpoint: E, call: CallOptions<E> = {}): Promise<ResponseOf<E>> {
      const url =
        options.baseUrl +
        buildPath(endpoint.path, call.params as Record<string, unknown> | undefined) +
        buildQuery(call.query as Record<string, unknown> | undefined);
      const headers = await baseHeaders('application/json');
      for (const [name, value] of Object.entries(call.headers ?? {})) {
        headers[name.toLowerCase()] = value;
      }
      let body: BodyInit | undefined;
      if (call.rawBody) {
        headers['content-type'] = call.rawBody.contentType;
        body = call.rawBody.data as BodyInit;
      } else if (call.body !== undefined) {
        headers['content-type'] = 'application/json';
        body = JSON.stringify(call.body);
      }
      let response: Response;
      try {
        response = await doFetch(url, {
          method: endpoint.method.toUpperCase(),
          headers,
          body,
          signal: call.signal,
        });
      } catch (err) {
        if (err instanceof Error && err.name === 'AbortError') throw err;
        throw networkError();
      }
      const text = await response.text();
      const json: unknown = text ? safeJson(text) : undefined;
      if (!response.ok) throw new ApiError(problemOf(response, json));
      return endpoint.response.parse(json) as ResponseOf<E>;
    },
  };
}

function networkError(): ApiError {
  return new ApiError({
    type: problemType('network'),
    title: 'Could not reach CareCircle',
    status: 0,
    detail: 'Check your internet connection and try again.',
  });
}

function problemOf(response: Response, json: unknown): Problem {
  const parsed = Problem.safeParse(json);
  return parsed.success
    ? parsed.data
    : {
        type: problemType(problemTypes.internal),
        title: response.statusText || 'Request failed',
        status: response.status,
      };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
