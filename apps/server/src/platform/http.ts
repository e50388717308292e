import { randomUUID } from 'node:crypto';
import express, { type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import { endpoints, problemTypes } from '@carecircle/core';
import type { AppDeps } from './app-deps.ts';
import { errorHandler, HttpError, notFoundHandler } from './errors.ts';
import type { Logger } from './logger.ts';
import { buildOpenApiDocument } from './openapi.ts';
import { runWithContext } from './request-context.ts';
import { apiDocs } from './api-docs.ts';
import { webApp } from './web.ts';
import { platformRoutes } from './platform.routes.ts';
import { providerRoutes } from '../scheduling/providers.routes.ts';

/** Paths that belong to the API and protocols: JSON in, problem+json out, never cached. */
const API_PATHS = ['/api', '/fhir', '/oidc', '/healthz', '/readyz', '/.well-known'];

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Request id (echoed in X-Request-Id), per-request context, and one log line per request. */
function requestContext(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const incoming = req.get('x-request-id');
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    res.setHeader('X-Request-Id', requestId);
    const started = process.hrtime.bigint();
    const ctx = { requestId, logger: logger.child({ reqId: requestId }) };
    res.on('finish', () => {
      const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
      const route = req.route ? `${req.baseUrl}${(req.route as { path: string }).path}` : undefined;
      ctx.logger.info(
        {
          method: req.method,
          route: route ?? req.path.split('/').slice(0, 3).join('/'),
          status: res.statusCode,
          durationMs: Math.round(durationMs * 10) / 10,
          ...('actorId' in ctx && ctx.actorId ? { actorId: ctx.actorId } : {}),
        },
        'request',
      );
    });
    runWithContext(ctx, next);
  };
}

/** JSON only: a body of another type gets 415 before anything reads it. */
const requireJson: RequestHandler = (req, _res, next) => {
  const hasBody =
    req.headers['transfer-encoding'] !== undefined ||
    (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0');
  if (hasBody && !req.is(['application/json', 'application/*+json'])) {
    throw new HttpError({
      status: 415,
      type: problemTypes.unsupportedMediaType,
      title: 'Unsupported media type',
      detail: 'Send the request body as application/json.',
    });
  }
  next();
};

const noStore: RequestHandler = (_req, res, next) => {
  res.setHeader('Cache-Control', 'no-store');
  next();
};

export function createApp(deps: AppDeps): Express {
  const { config } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  app.set('query parser', 'simple');

  app.use(requestContext(deps.logger));
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:', 'blob:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          mediaSrc: ["'self'", 'blob:'],
          workerSrc: ["'self'"],
          manifestSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          ...(config.publicUrl.startsWith('https:') ? { upgradeInsecureRequests: [] } : {}),
        },
      },
      strictTransportSecurity: config.publicUrl.startsWith('https:')
        ? { maxAge: 31_536_000, includeSubDomains: true }
        : false,
      referrerPolicy: { policy: 'no-referrer' },
    }),
  );

  const openapi = buildOpenApiDocument(endpoints, {
    version: config.version,
    serverUrl: config.publicUrl,
  });

  // Health probes and API: never cached, JSON in, problem+json out.
  const api = express.Router();
  api.use(API_PATHS, noStore, requireJson, express.json({ limit: '1mb', strict: true }));
  platformRoutes(api, deps);
  providerRoutes(api, deps);
  api.get('/api/openapi.json', (_req, res) => {
    res.json(openapi);
  });
  app.use(api);
  app.use('/api/docs', apiDocs());
  app.use(API_PATHS, noStore, notFoundHandler);
  app.use(webApp(config.webDistDir));
  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}
