import type { Router } from 'express';
import type { AppDeps } from '../platform/app-deps.ts';

/** The records JSON API (`/api/v1/records/*`): summary, timeline, trends, entries, export. */
export function recordsRoutes(_router: Router, _deps: AppDeps): void {
  // Filled in by the records API work (issue 5).
}
