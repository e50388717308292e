import { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger } from './logger.ts';

/** Per-request context: request id, a child logger, and (once identity lands) the actor. */
export interface RequestContext {
  requestId: string;
  logger: Logger;
  actorId?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function runWithContext<T>(ctx: RequestContext, fn: () => T): T {
  return storage.run(ctx, fn);
}

export function currentContext(): RequestContext | undefined {
  return storage.getStore();
}
