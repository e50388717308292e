import { randomBytes } from 'node:crypto';
import { uniqueEmail } from '../../test/factories.ts';
import {
  type Row,
  SIGNED_IN_ONLY,
  ADMIN_ONLY_STATUS,
  ADMIN_ONLY,
  WRONG_CODE,
  freshGrantOfA,
  target,
  freshShareOfA,
  badToken,
} from './authorization-matrix.world.ts';

/**
 * Matrix rows: platform, accounts, two-step sign-in, sessions, audit, admin, SMART apps, grants,
 * care relationships and the OAuth pages.
 */
export const identityRows: Row[] = [
  { route: 'GET /healthz', request: () => ({ path: '/healthz' }), status: 200 },
  { route: 'GET /readyz', request: () => ({ path: '/readyz' }), status: 200 },
  { route: 'GET /api/v1/info', request: () => ({ path: '/api/v1/info' }), status: 200 },
  { route: 'GET /api/v1/providers', request: () => ({ path: '/api/v1/providers' }), status: 200 },
  { route: 'GET /api/openapi.json', request: () => ({ path: '/api/openapi.json' }), status: 200 },
  {
    route: 'GET /api/v1/me',
    request: () => ({ path: '/api/v1/me' }),
    status: 200,
    except: SIGNED_IN_ONLY,
  },
  {
    route: 'PATCH /api/v1/me',
    // Each actor changes only their own settings (to what they already are).
    request: () => ({ path: '/api/v1/me', body: { locale: 'en' } }),
    status: 200,
    except: SIGNED_IN_ONLY,
  },
  {
    route: 'POST /api/v1/accounts',
    request: () => ({
      path: '/api/v1/accounts',
      body: {
        email: uniqueEmail('signup'),
        password: 'a long and private passphrase',
        name: 'New Person',
        roles: ['patient'],
      },
    }),
    status: 201,
  },
  {
    route: 'POST /api/v1/email-verifications',
    request: () => ({ path: '/api/v1/email-verifications', body: { token: badToken() } }),
    status: 400,
  },
  {
    route: 'POST /api/v1/password-resets',
    request: () => ({ path: '/api/v1/password-resets', body: { email: uniqueEmail('reset') } }),
    status: 202,
  },
  {
    route: 'POST /api/v1/password-resets/confirm',
    request: () => ({
      path: '/api/v1/password-resets/confirm',
      body: { token: badToken(), password: 'a long and private passphrase' },
    }),
    status: 400,
  },
  // Two-step sign-in: everyone manages their own.
  {
    route: 'GET /api/v1/me/mfa',
    request: () => ({ path: '/api/v1/me/mfa' }),
    status: 200,
    except: SIGNED_IN_ONLY,
  },
  {
    route: 'POST /api/v1/me/mfa/enrolment',
    request: () => ({ path: '/api/v1/me/mfa/enrolment', body: {} }),
    status: 201,
    except: SIGNED_IN_ONLY,
  },
  {
    route: 'POST /api/v1/me/mfa/enrolment/confirm',
    request: () => ({ path: '/api/v1/me/mfa/enrolment/confirm', body: { code: WRONG_CODE } }),
    status: 400,
    except: SIGNED_IN_ONLY,
  },
  {
    // Nothing to disable (409); providers and admins may never turn it off (403).
    route: 'POST /api/v1/me/mfa/disable',
    request: () => ({ path: '/api/v1/me/mfa/disable', body: { code: WRONG_CODE } }),
    status: 409,
    except: {
      anonymous: 401,
      providerWithRelationship: 403,
      providerWithoutRelationship: 403,
      admin: 403,
    },
  },
  {
    route: 'POST /api/v1/me/mfa/recovery-codes',
    request: () => ({ path: '/api/v1/me/mfa/recovery-codes', body: { code: WRONG_CODE } }),
    status: 409, // two-step sign-in is not on for anyone here
    except: SIGNED_IN_ONLY,
  },
  // Sessions and my own access history.
  {
    route: 'GET /api/v1/me/sessions',
    request: () => ({ path: '/api/v1/me/sessions' }),
    status: 200,
    except: SIGNED_IN_ONLY,
  },
  {
    route: 'DELETE /api/v1/me/sessions/:sessionId',
    request: () => ({ path: `/api/v1/me/sessions/${badToken()}` }),
    status: 404,
    except: SIGNED_IN_ONLY,
  },
  {
    route: 'POST /api/v1/me/sessions/revoke-others',
    request: () => ({ path: '/api/v1/me/sessions/revoke-others', body: {} }),
    status: 200,
    except: SIGNED_IN_ONLY,
  },
  {
    route: 'GET /api/v1/me/access-history',
    request: () => ({ path: '/api/v1/me/access-history' }),
    status: 200,
    except: SIGNED_IN_ONLY,
  },
  // The whole audit log: auditors only (none of these actors holds that role).
  {
    route: 'GET /api/v1/audit-events',
    request: () => ({ path: '/api/v1/audit-events' }),
    status: 403,
    except: SIGNED_IN_ONLY,
  },
  // Account administration.
  {
    route: 'GET /api/v1/admin/accounts',
    request: () => ({ path: '/api/v1/admin/accounts' }),
    status: ADMIN_ONLY_STATUS,
    except: ADMIN_ONLY(200),
  },
  {
    route: 'POST /api/v1/admin/accounts/:accountId/verify',
    request: async (w) => ({
      path: `/api/v1/admin/accounts/${await target(w, 'pending', ['provider'])}/verify`,
      body: {},
    }),
    status: ADMIN_ONLY_STATUS,
    except: ADMIN_ONLY(200),
  },
  {
    route: 'POST /api/v1/admin/accounts/:accountId/suspend',
    request: async (w) => ({
      path: `/api/v1/admin/accounts/${await target(w, 'active')}/suspend`,
      body: { reason: 'matrix test' },
    }),
    status: ADMIN_ONLY_STATUS,
    except: ADMIN_ONLY(200),
  },
  {
    route: 'POST /api/v1/admin/accounts/:accountId/reinstate',
    request: async (w) => ({
      path: `/api/v1/admin/accounts/${await target(w, 'disabled')}/reinstate`,
      body: {},
    }),
    status: ADMIN_ONLY_STATUS,
    except: ADMIN_ONLY(200),
  },
  // Third-party SMART apps: admins register, list and disable them.
  {
    route: 'GET /api/v1/admin/smart-apps',
    request: () => ({ path: '/api/v1/admin/smart-apps' }),
    status: ADMIN_ONLY_STATUS,
    except: ADMIN_ONLY(200),
  },
  {
    route: 'POST /api/v1/admin/smart-apps',
    request: () => ({
      path: '/api/v1/admin/smart-apps',
      body: {
        name: 'Matrix App',
        redirectUris: ['https://matrix-app.example/cb'],
        clientType: 'public',
        scopes: ['openid', 'patient/Observation.rs'],
      },
    }),
    status: ADMIN_ONLY_STATUS,
    except: ADMIN_ONLY(201),
  },
  {
    route: 'POST /api/v1/admin/smart-apps/:clientId/disable',
    request: async (w) => {
      const clientId = `smart-matrix-${randomBytes(6).toString('hex')}`;
      await w.app.database.db
        .insertInto('smart_apps')
        .values({
          client_id: clientId,
          name: 'Matrix App',
          redirect_uris: ['https://matrix-app.example/cb'],
          client_type: 'public',
          secret_hash: null,
          scopes: ['openid'],
          launch_url: null,
          created_by: null,
        })
        .execute();
      return { path: `/api/v1/admin/smart-apps/${clientId}/disable`, body: {} };
    },
    status: ADMIN_ONLY_STATUS,
    except: ADMIN_ONLY(200),
  },
  // Caregiver proxy grants: a patient manages theirs; nobody else can see or touch them (404).
  {
    route: 'GET /api/v1/grants',
    request: () => ({ path: '/api/v1/grants' }),
    status: 200,
    except: SIGNED_IN_ONLY,
  },
  {
    route: 'POST /api/v1/grants',
    request: () => ({
      path: '/api/v1/grants',
      body: { email: uniqueEmail('invitee'), scopes: ['appointments:read'] },
    }),
    status: 201,
    except: SIGNED_IN_ONLY,
  },
  {
    route: 'PATCH /api/v1/grants/:grantId',
    request: async (w) => ({
      path: `/api/v1/grants/${await freshGrantOfA(w)}`,
      body: { scopes: ['appointments:read', 'records:read'] },
    }),
    status: 404,
    except: { anonymous: 401, patientA: 200 },
  },
  {
    route: 'DELETE /api/v1/grants/:grantId',
    request: async (w) => ({ path: `/api/v1/grants/${await freshGrantOfA(w)}` }),
    status: 404,
    except: { anonymous: 401, patientA: 204 },
  },
  {
    route: 'GET /api/v1/grants/acting-for',
    request: () => ({ path: '/api/v1/grants/acting-for' }),
    status: 200,
    except: SIGNED_IN_ONLY,
  },
  {
    // Only the caregiver holding a grant may leave it; it belongs to a fresh caregiver here.
    route: 'DELETE /api/v1/grants/acting-for/:grantId',
    request: async (w) => ({ path: `/api/v1/grants/acting-for/${await freshGrantOfA(w)}` }),
    status: 404,
    except: SIGNED_IN_ONLY,
  },
  {
    route: 'POST /api/v1/grants/invitations/preview',
    request: () => ({ path: '/api/v1/grants/invitations/preview', body: { token: badToken() } }),
    status: 400,
    except: SIGNED_IN_ONLY,
  },
  {
    route: 'POST /api/v1/grants/invitations/accept',
    request: () => ({ path: '/api/v1/grants/invitations/accept', body: { token: badToken() } }),
    status: 400,
    except: SIGNED_IN_ONLY,
  },
  // Care relationships: a patient shares with providers (their own list, like grants).
  {
    route: 'GET /api/v1/care-shares',
    request: () => ({ path: '/api/v1/care-shares' }),
    status: 200,
    except: SIGNED_IN_ONLY,
  },
  {
    // Everyone signed in shares their own records (a fresh provider, so no row changes another).
    route: 'POST /api/v1/care-shares',
    request: async (w) => ({
      path: '/api/v1/care-shares',
      body: { providerId: await target(w, 'active', ['provider']) },
    }),
    status: 201,
    except: SIGNED_IN_ONLY,
  },
  {
    route: 'DELETE /api/v1/care-shares/:shareId',
    request: async (w) => ({ path: `/api/v1/care-shares/${await freshShareOfA(w)}` }),
    status: 404,
    except: { anonymous: 401, patientA: 204 },
  },
  {
    // Providers only; on a fresh patient, so the stranger does not gain a relationship with A.
    route: 'POST /api/v1/break-glass',
    request: async (w) => ({
      path: '/api/v1/break-glass',
      body: { patientId: await target(w, 'active'), reason: 'Matrix test: emergency access' },
    }),
    status: 403,
    except: { anonymous: 401, providerWithRelationship: 201, providerWithoutRelationship: 201 },
  },
  // OAuth protocol pages: the same answer for everyone (a bearer token plays no part there).
  {
    route: 'GET /.well-known/openid-configuration',
    request: () => ({ path: '/.well-known/openid-configuration' }),
    status: 200,
  },
  // SMART App Launch configuration: public metadata, the same for everyone.
  ...['/.well-known/smart-configuration', '/fhir/R4/.well-known/smart-configuration'].map(
    (path): Row => ({ route: `GET ${path}`, request: () => ({ path }), status: 200 }),
  ),
  {
    route: 'GET /oidc/interaction/:uid',
    request: () => ({ path: `/oidc/interaction/${badToken()}` }),
    status: 400,
  },
  {
    route: 'POST /oidc/interaction/:uid/login',
    request: () => ({
      path: `/oidc/interaction/${badToken()}/login`,
      form: { email: 'x@example.org', password: 'whatever it is' },
    }),
    status: 400,
  },
  ...['mfa', 'mfa/enrol', 'mfa/continue'].map((step): Row => ({
    route: `POST /oidc/interaction/:uid/${step}`,
    request: () => ({
      path: `/oidc/interaction/${badToken()}/${step}`,
      form: { code: WRONG_CODE },
    }),
    status: 400,
  })),
  {
    route: 'POST /oidc/interaction/:uid/consent',
    request: () => ({
      path: `/oidc/interaction/${badToken()}/consent`,
      form: { decision: 'allow' },
    }),
    status: 400,
  },
];
