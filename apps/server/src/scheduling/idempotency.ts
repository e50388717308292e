import { createHash } from 'node:crypto';
import type { Db } from '../platform/db.ts';
import { badRequest, idempotencyKeyReused } from '../platform/errors.ts';

/**
 * Safe retries of a booking (the `Idempotency-Key` header): the first request with a key claims
 * it inside the booking's own transaction (`idempotency_keys`, primary key actor + key), so
 * concurrent retries wait for it and then see its result. The same actor sending the same key
 * with the same request gets the same appointment back; with a different request, 422.
 * A request that failed (e.g. 409) rolled back its claim: the key can be used again.
 */

const KEY = /^[\x21-\x7e]{1,200}$/;

/** The header's value, checked: printable ASCII without spaces, at most 200 characters. */
export function parseIdempotencyKey(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const key = value.trim();
  if (!KEY.test(key)) {
    throw badRequest('Idempotency-Key must be 1 to 200 printable characters without spaces.', [
      {
        path: 'headers.idempotency-key',
        message: 'Must be 1 to 200 printable characters without spaces',
        code: 'custom',
      },
    ]);
  }
  return key;
}

/** A stable fingerprint of what a request asks for (key order and instant notation ignored). */
export function requestFingerprint(parts: Record<string, string | number | null>): string {
  const canonical = Object.keys(parts)
    .sort()
    .map((k) => [k, parts[k]]);
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

export type IdempotencyClaim = { claimed: true } | { claimed: false; appointmentId: string | null };

export const idempotencyRepo = {
  /**
   * Claims the key for this request, or returns the appointment of the request that already
   * holds it. A concurrent claimer's uncommitted row makes this wait for its transaction to end
   * (the primary key), then see its committed result. 422 when the key was used for another
   * request.
   */
  async claim(
    db: Db,
    row: { actorId: string; key: string; requestHash: string },
  ): Promise<IdempotencyClaim> {
    const inserted = await db
      .insertInto('idempotency_keys')
      .values({
        actor_id: row.actorId,
        key: row.key,
        request_hash: row.requestHash,
        appointment_id: null,
      })
      .onConflict((oc) => oc.columns(['actor_id', 'key']).doNothing())
      .returning('key')
      .executeTakeFirst();
    if (inserted) return { claimed: true };
    const existing = await idempotencyRepo.find(db, row);
    if (!existing) return idempotencyRepo.claim(db, row); // released meanwhile: claim it now
    if (existing.request_hash !== row.requestHash) throw idempotencyKeyReused();
    return { claimed: false, appointmentId: existing.appointment_id };
  },

  async find(db: Db, row: { actorId: string; key: string }) {
    return db
      .selectFrom('idempotency_keys')
      .select(['request_hash', 'appointment_id'])
      .where('actor_id', '=', row.actorId)
      .where('key', '=', row.key)
      .executeTakeFirst();
  },

  async complete(
    db: Db,
    row: { actorId: string; key: string; appointmentId: string },
  ): Promise<void> {
    await db
      .updateTable('idempotency_keys')
      .set({ appointment_id: row.appointmentId })
      .where('actor_id', '=', row.actorId)
      .where('key', '=', row.key)
      .execute();
  },
};
