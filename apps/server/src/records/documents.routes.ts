import type { Router } from 'express';
import type { AppDeps } from '../platform/app-deps.ts';

/** Documents: upload (the body is the file) and download of their decrypted bytes. */
export function documentRoutes(_router: Router, _deps: AppDeps): void {
  // Filled in by the documents and import work (issue 5).
}
