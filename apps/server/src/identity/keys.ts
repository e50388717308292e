import { randomBytes, randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { sql } from 'kysely';
import type { Db } from '../platform/db.ts';

export interface SigningKeysTable {
  kid: string;
  alg: string;
  private_jwk: JWK;
  created_at: Date;
  retired_at: Date | null;
}

export interface ServerSecretsTable {
  name: string;
  value: string;
  created_at: Date;
}

declare module '../platform/db.ts' {
  interface Database {
    signing_keys: SigningKeysTable;
    server_secrets: ServerSecretsTable;
  }
}

export const SIGNING_ALG = 'ES256';

/** How long a retired key stays published: longer than any token it signed can live. */
const RETIRED_KEY_GRACE = '1 day';

async function newSigningKey(db: Db): Promise<void> {
  const { privateKey } = await generateKeyPair(SIGNING_ALG, { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: randomUUID(), alg: SIGNING_ALG, use: 'sig' };
  await db
    .insertInto('signing_keys')
    .values({
      kid: jwk.kid,
      alg: SIGNING_ALG,
      private_jwk: JSON.stringify(jwk) as unknown as JWK,
      created_at: new Date(),
      retired_at: null,
    })
    .execute();
}

/**
 * The private JWKs to sign with, newest first (the first one signs). Created on first start;
 * several instances starting at once agree thanks to the advisory lock.
 */
export async function loadSigningKeys(db: Db): Promise<JWK[]> {
  return db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(7245001004)`.execute(trx);
    let rows = await activeKeys(trx);
    if (rows.length === 0) {
      await newSigningKey(trx);
      rows = await activeKeys(trx);
    }
    return rows.map((r) => r.private_jwk);
  });
}

function activeKeys(db: Db) {
  return db
    .selectFrom('signing_keys')
    .select(['kid', 'private_jwk'])
    .where((eb) =>
      eb.or([
        eb('retired_at', 'is', null),
        eb('retired_at', '>', sql<Date>`now() - ${RETIRED_KEY_GRACE}::interval`),
      ]),
    )
    .orderBy('created_at', 'desc')
    .execute();
}

/**
 * Rotation: a new key signs from the next start on; the old ones are retired but stay in the
 * JWKS for a day, so tokens they signed keep verifying and nobody is signed out.
 */
export async function rotateSigningKeys(db: Db): Promise<string> {
  return db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(7245001004)`.execute(trx);
    await trx
      .updateTable('signing_keys')
      .set({ retired_at: new Date() })
      .where('retired_at', 'is', null)
      .execute();
    await newSigningKey(trx);
    const [newest] = await activeKeys(trx);
    return newest!.kid;
  });
}

/** A named random secret, generated once and kept in the database. */
export async function serverSecret(db: Db, name: string): Promise<string> {
  const value = randomBytes(32).toString('base64url');
  await db
    .insertInto('server_secrets')
    .values({ name, value, created_at: new Date() })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = await db
    .selectFrom('server_secrets')
    .select('value')
    .where('name', '=', name)
    .executeTakeFirstOrThrow();
  return row.value;
}
