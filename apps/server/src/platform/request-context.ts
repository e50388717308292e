import { AsyncLocalStorage } from 'node:async_hooks';
import type { Role } from '@carecircle/core';
import type { Logger } from './logger.ts';

/** The signed-in person making the request, as proven by their access token. */
export interface Actor {
  id: string;
  roles: Role[];
  /** OAuth client the token was issued to (carecircle-web, carecircle-mobile, a third party). */
  clientId: string;
  /** Scopes granted to that token. */
  scopes: string[];
  /** SMART launch context: the patient a SMART app's token is about (`patient` claim), if any. */
  smartPatient?: string;
}

/** Per-request context: request id, a child logger, and the actor once authenticated. */
export interface RequestContext {
  requestId: string;
  logger: Logger;
  actor?: Actor;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function runWithContext<T>(ctx: RequestContext, fn: () => T): T {
  return storage.run(ctx, fn);
}

export function currentContext(): RequestContext | undefined {
  return storage.getStore();
}
