import express, { type Router } from 'express';
import type { AppDeps } from '../../platform/app-deps.ts';

/** The FHIR R4 endpoint, mounted at `/fhir/R4`. */
export function fhirRoutes(_deps: AppDeps): Router {
  // Filled in by the FHIR API work (issue 5).
  return express.Router();
}
