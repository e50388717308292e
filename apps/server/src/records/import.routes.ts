import type { Router } from 'express';
import type { AppDeps } from '../platform/app-deps.ts';

/** Import of a FHIR R4 Bundle into the record: all or nothing. */
export function importRoutes(_router: Router, _deps: AppDeps): void {
  // Filled in by the documents and import work (issue 5).
}
