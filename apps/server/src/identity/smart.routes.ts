import express, { type Router } from 'express';
import type { AppDeps } from '../platform/app-deps.ts';

/** SMART App Launch v2: `/.well-known/smart-configuration` (and the FHIR base's copy). */
export function smartRoutes(_deps: AppDeps): Router {
  // Filled in by the SMART on FHIR work (issue 5).
  return express.Router();
}
