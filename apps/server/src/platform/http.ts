import { randomUUID } from 'node:crypto';
import express, { type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import {
  endpoints,
  MAX_DOCUMENT_BYTES,
  MAX_IMPORT_BYTES,
  problemTypes,
  uploadDocumentEndpoint,
} from '@carecircle/core';
import type { AppDeps } from './app-deps.ts';
import { errorHandler, HttpError, notFoundHandler } from './errors.ts';
import type { Logger } from './logger.ts';
import { buildOpenApiDocument } from './openapi.ts';
import { runWithContext, type RequestContext } from './request-context.ts';
import { apiDocs } from './api-docs.ts';
import { webApp } from './web.ts';
import { platformRoutes } from './platform.routes.ts';
import { providerRoutes } from '../scheduling/providers.routes.ts';
import { practiceRoutes } from '../scheduling/practice.routes.ts';
import { accountRoutes } from '../identity/accounts.routes.ts';
import { grantRoutes } from '../access/grants.routes.ts';
import { careRelationshipRoutes } from '../access/care-relationships.routes.ts';
import { devMailbox } from './dev-mailbox.ts';
import { authenticate } from '../identity/authenticate.ts';
import { interactionRoutes } from '../identity/interaction.routes.ts';
import { meRoutes } from '../identity/me.routes.ts';
import { mfaRoutes } from '../identity/mfa.routes.ts';
import { OIDC_PATH } from '../identity/oidc.ts';
import { adminRoutes } from '../admin/admin.routes.ts';
import { sessionRoutes } from '../identity/sessions.routes.ts';
import { accessHistoryRoutes } from '../access/access-history.routes.ts';
import { appointmentRoutes } from '../scheduling/appointments.routes.ts';
import { waitlistRoutes } from '../scheduling/waitlist.routes.ts';
import { calendarFeedRoutes, calendarRoutes } from '../scheduling/calendar.routes.ts';
import { recordsRoutes } from '../records/records.routes.ts';
import { documentRoutes } from '../records/documents.routes.ts';
import { importRoutes } from '../records/import.routes.ts';
import { healthConnectionRoutes } from '../records/connections/health-connections.routes.ts';
import { fhirRoutes } from '../records/fhir/fhir.routes.ts';
import { smartRoutes } from '../identity/smart.routes.ts';
import { medicationRoutes } from '../medications/medications.routes.ts';
import { notificationRoutes } from '../notifications/notifications.routes.ts';
import { realtimeRoutes } from './realtime.routes.ts';

/** Paths of the JSON API: JSON in, problem+json out, never cached. */
const API_PATHS = ['/api', '/healthz', '/readyz'];
/** Paths the web app must never answer (protocol endpoints without a handler are 404). */
const RESERVED_PATHS = [...API_PATHS, '/fhir', '/.well-known'];

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Request id (echoed in X-Request-Id), per-request context, and one log line per request. */
function requestContext(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const incoming = req.get('x-request-id');
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    res.setHeader('X-Request-Id', requestId);
    const started = process.hrtime.bigint();
    const ctx: RequestContext = { requestId, logger: logger.child({ reqId: requestId }) };
    res.on('finish', () => {
      const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
      const route = req.route ? `${req.baseUrl}${(req.route as { path: string }).path}` : undefined;
      ctx.logger.info(
        {
          method: req.method,
          route: route ?? req.path.split('/').slice(0, 3).join('/'),
          status: res.statusCode,
          durationMs: Math.round(durationMs * 10) / 10,
          ...(ctx.actor ? { actorId: ctx.actor.id } : {}),
        },
        'request',
      );
    });
    runWithContext(ctx, next);
  };
}

/** JSON only: a body of another type gets 415 before anything reads it. */
const requireJson: RequestHandler = (req, _res, next) => {
  // Document uploads are the file itself (their route checks the type against the bytes).
  // (mounted at /api: the full path is baseUrl + path)
  if (req.method === 'POST' && req.baseUrl + req.path === uploadDocumentEndpoint.path)
    return next();
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
  // Larger bodies for the two endpoints that take files: a document's bytes, a FHIR Bundle.
  api.post(
    uploadDocumentEndpoint.path,
    express.raw({ type: () => true, limit: MAX_DOCUMENT_BYTES }),
  );
  api.post(
    '/api/v1/records/import',
    express.json({
      limit: MAX_IMPORT_BYTES,
      strict: true,
      type: ['application/json', 'application/fhir+json'],
    }),
  );
  api.use(API_PATHS, noStore, requireJson, express.json({ limit: '1mb', strict: true }));
  api.use('/api', authenticate(deps.oidc, deps.database.db));
  platformRoutes(api, deps);
  meRoutes(api, deps);
  mfaRoutes(api, deps);
  providerRoutes(api, deps);
  practiceRoutes(api, deps);
  accountRoutes(api, deps);
  grantRoutes(api, deps);
  careRelationshipRoutes(api, deps);
  adminRoutes(api, deps);
  sessionRoutes(api, deps);
  accessHistoryRoutes(api, deps);
  appointmentRoutes(api, deps);
  waitlistRoutes(api, deps);
  calendarRoutes(api, deps);
  recordsRoutes(api, deps);
  documentRoutes(api, deps);
  importRoutes(api, deps);
  healthConnectionRoutes(api, deps);
  medicationRoutes(api, deps);
  notificationRoutes(api, deps);
  realtimeRoutes(api, deps);
  api.get('/api/openapi.json', (_req, res) => {
    res.json(openapi);
  });
  app.use(api);
  app.use('/api/docs', apiDocs());

  // OAuth 2.0 / OpenID Connect: our sign-in pages, then the certified provider itself.
  app.use(interactionRoutes({ config, db: deps.database.db, oidc: deps.oidc }));
  app.get('/.well-known/openid-configuration', (req, _res, next) => {
    req.url = `${OIDC_PATH}/.well-known/openid-configuration`;
    next();
  });
  app.use(OIDC_PATH, noStore, deps.oidc.provider.callback());
  // SMART App Launch configuration, and the FHIR R4 endpoint (its own errors: OperationOutcome).
  app.use(smartRoutes(deps));
  app.use('/fhir/R4', noStore, fhirRoutes(deps));

  // Outgoing mail kept for developers when no SMTP_URL is set; never in production.
  if (config.env !== 'production' && !config.smtpUrl) {
    app.use('/dev/mailbox', devMailbox(deps.database.db));
  }
  // Private calendar feeds (the token in the path is the credential), before the web app.
  app.use(calendarFeedRoutes(deps));
  app.use(RESERVED_PATHS, noStore, notFoundHandler);
  app.use(webApp(config.webDistDir));
  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}
