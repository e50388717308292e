import type { SignedInSession } from '@carecircle/core';
import { recordAudit } from '../access/audit.service.ts';
import { inTransaction, type Db } from '../platform/db.ts';
import { notFound } from '../platform/errors.ts';
import type { Actor } from '../platform/request-context.ts';
import { MOBILE_CLIENT_ID, WEB_CLIENT_ID } from './oidc.ts';
import { sessionsRepo, type OidcRow } from './sessions.repo.ts';
import { smartAppsRepo } from './smart-apps.repo.ts';

/** Names of our own apps; third-party apps show the name they were registered with. */
const CLIENT_NAMES: Record<string, string> = {
  [WEB_CLIENT_ID]: 'CareCircle (web)',
  [MOBILE_CLIENT_ID]: 'CareCircle mobile',
};

interface SessionAuthorization {
  grantId?: string;
}

interface Place {
  grantId: string;
  clientId: string;
  signedInAt: number;
  lastUsedAt: number | null;
  /** oidc_payloads ids of the Session rows (browser sessions) this grant was made in. */
  sessionIds: string[];
  /** Their uids: the `sid` claim of access tokens issued in them. */
  sids: string[];
}

const seconds = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/**
 * A person's sign-ins, one per grant (an app on a device), from oidc-provider's own rows:
 * the Grant, the browser Session it was made in, and the refresh tokens issued under it.
 */
function placesFrom(rows: OidcRow[]): Place[] {
  const places = new Map<string, Place>();
  for (const row of rows) {
    if (row.model !== 'Grant') continue;
    const p = row.payload;
    places.set(row.id, {
      grantId: row.id,
      clientId: typeof p.clientId === 'string' ? p.clientId : 'unknown',
      signedInAt: seconds(p.iat) ?? 0,
      lastUsedAt: null,
      sessionIds: [],
      sids: [],
    });
  }
  const live = new Set<string>();
  for (const row of rows) {
    if (row.model === 'Session') {
      const p = row.payload as AdapterSessionPayload;
      for (const auth of Object.values(p.authorizations ?? {})) {
        const place = auth.grantId ? places.get(auth.grantId) : undefined;
        if (!place) continue;
        place.sessionIds.push(row.id);
        if (p.uid) place.sids.push(p.uid);
        const loginTs = seconds(p.loginTs);
        if (loginTs !== undefined) place.signedInAt = loginTs;
        live.add(place.grantId);
      }
    } else if (row.model === 'RefreshToken' && row.grant_id) {
      const place = places.get(row.grant_id);
      if (!place) continue;
      // Each use of a refresh token issues a new one: the newest one's issue time is the last use.
      const iat = seconds(row.payload.iat);
      if (iat !== undefined && (place.lastUsedAt === null || iat > place.lastUsedAt))
        place.lastUsedAt = iat;
      if (!row.consumed_at) live.add(place.grantId);
    }
  }
  // A grant with neither a browser session nor a usable refresh token signs nobody in.
  return [...places.values()].filter((p) => live.has(p.grantId));
}

interface AdapterSessionPayload {
  uid?: string;
  loginTs?: number;
  authorizations?: Record<string, SessionAuthorization>;
}

const iso = (s: number) => new Date(s * 1000).toISOString();

export async function listSessions(
  db: Db,
  actor: Pick<Actor, 'id'>,
  currentSid: string | undefined,
): Promise<SignedInSession[]> {
  const places = placesFrom(await sessionsRepo.liveRowsFor(db, actor.id));
  const appNames = await smartAppsRepo.namesOf(
    db,
    places.map((p) => p.clientId).filter((id) => !(id in CLIENT_NAMES)),
  );
  return places
    .map((p) => ({
      id: p.grantId,
      clientId: p.clientId,
      clientName: CLIENT_NAMES[p.clientId] ?? appNames.get(p.clientId) ?? p.clientId,
      signedInAt: iso(p.signedInAt),
      lastUsedAt: p.lastUsedAt !== null && p.lastUsedAt > p.signedInAt ? iso(p.lastUsedAt) : null,
      current: currentSid !== undefined && p.sids.includes(currentSid),
    }))
    .sort(
      (a, b) =>
        Number(b.current) - Number(a.current) ||
        (b.lastUsedAt ?? b.signedInAt).localeCompare(a.lastUsedAt ?? a.signedInAt),
    );
}

/** Ends one sign-in: its grant (so its refresh tokens stop working) and its browser session. */
export async function revokeSession(db: Db, actor: Pick<Actor, 'id'>, id: string): Promise<void> {
  await inTransaction(db, async (trx) => {
    const place = placesFrom(await sessionsRepo.liveRowsFor(trx, actor.id)).find(
      (p) => p.grantId === id,
    );
    // Someone else's sign-in and one that does not exist look the same.
    if (!place) throw notFound('This sign-in has already ended.');
    await sessionsRepo.destroy(trx, [place.grantId], place.sessionIds);
    await recordAudit(trx, {
      action: 'session.revoke',
      outcome: 'success',
      actorId: actor.id,
      subjectType: 'session',
      subjectId: place.grantId,
      details: { clientId: place.clientId },
    });
  });
}

/** Ends every sign-in except the one this request was made with. */
export async function revokeOtherSessions(
  db: Db,
  actor: Pick<Actor, 'id'>,
  currentSid: string | undefined,
): Promise<number> {
  return inTransaction(db, async (trx) => {
    const places = placesFrom(await sessionsRepo.liveRowsFor(trx, actor.id));
    const isCurrent = (p: Place) => currentSid !== undefined && p.sids.includes(currentSid);
    const others = places.filter((p) => !isCurrent(p));
    // This browser's session stays, even if another app's grant was made in it.
    const keep = new Set(places.filter(isCurrent).flatMap((p) => p.sessionIds));
    const ended = await sessionsRepo.destroy(
      trx,
      others.map((p) => p.grantId),
      others.flatMap((p) => p.sessionIds).filter((s) => !keep.has(s)),
    );
    await recordAudit(trx, {
      action: 'session.revoke_others',
      outcome: 'success',
      actorId: actor.id,
      subjectType: 'account',
      subjectId: actor.id,
      details: { ended },
    });
    return ended;
  });
}

/**
 * Signs a person out everywhere: every session, grant and refresh token ends now. Access tokens
 * already issued stop working too when the account is no longer active (authenticate checks);
 * otherwise they run out within 15 minutes. Joins the caller's transaction.
 */
export async function endAllSessions(db: Db, accountId: string): Promise<void> {
  await sessionsRepo.destroyAllFor(db, accountId);
}
