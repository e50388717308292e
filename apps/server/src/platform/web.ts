import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type Router } from 'express';

/** Paths the single-page app never answers: they belong to the API and protocols. */
const RESERVED = /^\/(api|fhir|oidc|\.well-known|healthz|readyz|ws)(\/|$)/;

/**
 * Serves the production build of apps/web: hashed assets cached for a year, and index.html for
 * every other GET that asks for HTML, so client-side routes survive a reload.
 */
export function webApp(distDir: string): Router {
  const router = express.Router();
  const indexHtml = path.join(distDir, 'index.html');
  router.use(
    '/assets',
    express.static(path.join(distDir, 'assets'), {
      immutable: true,
      maxAge: '365d',
      index: false,
      fallthrough: false,
    }),
  );
  router.use(express.static(distDir, { index: false, maxAge: '1h' }));
  router.use((req, res, next) => {
    if (
      (req.method !== 'GET' && req.method !== 'HEAD') ||
      RESERVED.test(req.path) ||
      !req.accepts('html')
    ) {
      next();
      return;
    }
    if (!existsSync(indexHtml)) {
      res
        .status(503)
        .type('text/plain')
        .send(
          'The CareCircle web app has not been built yet. Run "npm run build" (npm start does it for you).',
        );
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(indexHtml);
  });
  return router;
}
