import path from 'node:path';
import express, { type Request, type Response, type Router } from 'express';
import type { Config } from '../platform/config.ts';
import type { Db } from '../platform/db.ts';
import { FIRST_PARTY_CLIENTS, OIDC_PATH, type OidcRuntime } from './oidc.ts';
import { consentPage, fill, loginPage, pageLocale, pageStrings } from './pages.ts';
import { recordAudit } from '../access/audit.service.ts';
import { checkSignInAllowed, clearSignInFailures, recordSignInFailure } from './sign-in-limits.ts';
import { verifyCredentials } from './sign-in.service.ts';
import { mfaSignInRoutes } from './mfa-interaction.ts';
import { describeScopes } from './smart-consent.ts';

interface Deps {
  config: Config;
  db: Db;
  oidc: OidcRuntime;
}

const noStore = (res: Response) => {
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Pragma', 'no-cache');
};

function localeOf(req: Request, params: Record<string, unknown>): 'en' | 'es' {
  return pageLocale(
    typeof params.ui_locales === 'string' ? params.ui_locales : undefined,
    req.get('accept-language'),
  );
}

/**
 * The sign-in interaction of the authorization server: a server-rendered login form that works
 * without JavaScript, and a consent screen for third-party apps. First-party apps skip consent.
 */
export function interactionRoutes({ config, db, oidc }: Deps): Router {
  const router = express.Router();
  const { provider } = oidc;
  const form = express.urlencoded({ extended: false, limit: '10kb' });
  const links = {
    signUpUrl: `${config.publicUrl}/sign-up`,
    forgotUrl: `${config.publicUrl}/forgot-password`,
  };

  router.use(
    '/oidc-assets',
    express.static(path.join(import.meta.dirname, 'assets'), { index: false, maxAge: '1h' }),
  );
  const mfaStep = mfaSignInRoutes(router, { config, db, oidc, links, localeOf });

  router.get(`${OIDC_PATH}/interaction/:uid`, async (req, res) => {
    const details = await provider.interactionDetails(req, res);
    noStore(res);
    const locale = localeOf(req, details.params);
    if (details.prompt.name === 'login') {
      if (await mfaStep.resume(req, res, details.uid, locale)) return;
      res
        .type('html')
        .send(
          loginPage({ locale, action: `${OIDC_PATH}/interaction/${details.uid}/login`, ...links }),
        );
      return;
    }
    const client = await provider.Client.find(String(details.params.client_id));
    if (client && FIRST_PARTY_CLIENTS.has(client.clientId)) {
      await finishConsent(req, res, true);
      return;
    }
    // Exactly what allowing grants: the scopes the app asked for that it may have, not yet given.
    const missing = details.prompt.details as {
      missingOIDCScope?: string[];
      missingResourceScopes?: Record<string, string[]>;
    };
    const scopes = [
      ...(missing.missingOIDCScope ?? []),
      ...Object.values(missing.missingResourceScopes ?? {}).flat(),
    ];
    // Asked again (e.g. for offline access): what the app already has counts too.
    const earlier = details.grantId ? await provider.Grant.find(details.grantId) : undefined;
    if (earlier) {
      const requested = new Set(
        typeof details.params.scope === 'string' ? details.params.scope.split(' ') : [],
      );
      scopes.push(...earlier.getOIDCScopeFiltered(requested).split(' '));
      for (const indicator of Object.keys(earlier.resources ?? {}))
        scopes.push(...earlier.getResourceScopeFiltered(indicator, requested).split(' '));
    }
    const redirectUri =
      typeof details.params.redirect_uri === 'string'
        ? URL.parse(details.params.redirect_uri)
        : null;
    res.type('html').send(
      consentPage({
        locale,
        action: `${OIDC_PATH}/interaction/${details.uid}/consent`,
        client: client?.clientName ?? String(details.params.client_id),
        permissions: describeScopes(locale, scopes),
        thirdParty: true,
        ...(redirectUri ? { returnHost: redirectUri.host } : {}),
      }),
    );
  });

  router.post(`${OIDC_PATH}/interaction/:uid/login`, form, async (req, res) => {
    const details = await provider.interactionDetails(req, res);
    noStore(res);
    const locale = localeOf(req, details.params);
    const t = pageStrings(locale);
    const body = req.body as Record<string, unknown>;
    const email = typeof body.email === 'string' ? body.email.slice(0, 254) : '';
    const password = typeof body.password === 'string' ? body.password.slice(0, 1024) : '';
    const action = `${OIDC_PATH}/interaction/${details.uid}/login`;
    const who = { ip: req.ip ?? null, userAgent: req.get('user-agent')?.slice(0, 200) ?? null };

    const check = await checkSignInAllowed(db, { email, ip: req.ip ?? 'unknown' }, config);
    if (!check.allowed) {
      await recordAudit(db, {
        action: 'auth.sign_in',
        outcome: 'denied',
        actorId: null,
        details: { reason: `throttled_${check.reason}` },
        ...who,
      });
      res
        .status(429)
        .setHeader('Retry-After', String(check.retryAfterSeconds))
        .type('html')
        .send(
          loginPage({
            locale,
            action,
            email,
            error: fill(t.throttled, {
              minutes: Math.max(1, Math.ceil(check.retryAfterSeconds / 60)),
            }),
            ...links,
          }),
        );
      return;
    }

    const result = await verifyCredentials(db, email, password);
    if (!result.ok) {
      if (result.reason === 'bad-credentials')
        await recordSignInFailure(db, { email, ip: req.ip ?? 'unknown' });
      await recordAudit(db, {
        action: 'auth.sign_in',
        outcome: 'failure',
        actorId: result.accountId ?? null,
        details: { reason: result.reason },
        ...who,
      });
      res
        .status(result.reason === 'not-active' ? 403 : 401)
        .type('html')
        .send(
          loginPage({
            locale,
            action,
            email,
            error: result.reason === 'not-active' ? t.notActive : t.badCredentials,
            ...links,
          }),
        );
      return;
    }
    // Two-step sign-in: the second step finishes the interaction (amr pwd+otp).
    if (await mfaStep.begin(req, res, details.uid, result.account, locale)) return;
    await clearSignInFailures(db, { email });
    await recordAudit(db, {
      action: 'auth.sign_in',
      outcome: 'success',
      actorId: result.account.id,
      details: { method: 'password' },
      ...who,
    });
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId: result.account.id, amr: ['pwd'], remember: true } },
      { mergeWithLastSubmission: false },
    );
  });

  router.post(`${OIDC_PATH}/interaction/:uid/consent`, form, async (req, res) => {
    const allow = (req.body as Record<string, unknown>).decision === 'allow';
    await finishConsent(req, res, allow);
  });

  async function finishConsent(req: Request, res: Response, allow: boolean) {
    const details = await provider.interactionDetails(req, res);
    const clientId = String(details.params.client_id);
    // A person's answer to a third-party app is part of their record's story: who let what in.
    if (!FIRST_PARTY_CLIENTS.has(clientId) && details.session?.accountId) {
      await recordAudit(db, {
        action: 'oauth.consent',
        outcome: allow ? 'success' : 'denied',
        actorId: details.session.accountId,
        patientId: details.session.accountId,
        subjectType: 'oauth_client',
        subjectId: clientId,
        ip: req.ip ?? null,
        userAgent: req.get('user-agent')?.slice(0, 200) ?? null,
      });
    }
    if (!allow) {
      await provider.interactionFinished(
        req,
        res,
        { error: 'access_denied', error_description: 'The person did not allow access.' },
        { mergeWithLastSubmission: true },
      );
      return;
    }
    const { prompt, params, session } = details;
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId: session!.accountId, clientId: String(params.client_id) });
    if (!grant) throw new Error('grant vanished during the interaction');
    const missing = prompt.details as {
      missingOIDCScope?: string[];
      missingOIDCClaims?: string[];
      missingResourceScopes?: Record<string, string[]>;
    };
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) {
      grant.addResourceScope(indicator, scopes.join(' '));
    }
    const grantId = await grant.save();
    await provider.interactionFinished(
      req,
      res,
      { consent: { grantId } },
      { mergeWithLastSubmission: true },
    );
  }

  return router;
}
