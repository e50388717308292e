import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  randomBytes,
  type KeyObject,
  createSecretKey,
} from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { sql, type Generated } from 'kysely';
import type { Config } from '../platform/config.ts';
import type { Db } from '../platform/db.ts';

/**
 * Envelope encryption of health records (ARCHITECTURE.md §4): each patient's records are
 * encrypted (AES-256-GCM) under that patient's own random data key; data keys are stored wrapped
 * by a master key from configuration (RECORDS_MASTER_KEY), which never touches the database.
 * Rotating the master key re-wraps the data keys only (`rewrapDataKeys`); records stay as they are.
 */

export interface RecordKeysTable {
  patient_id: string;
  master_key_id: string;
  wrapped_key: Buffer;
  created_at: Generated<Date>;
  rewrapped_at: Date | null;
}

declare module '../platform/db.ts' {
  interface Database {
    record_keys: RecordKeysTable;
  }
}

const FORMAT = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

interface MasterKey {
  id: string;
  key: KeyObject;
}

/** The current master key and the earlier ones that may still have wrapped a data key. */
export interface Keyring {
  current: MasterKey;
  byId: ReadonlyMap<string, MasterKey>;
}

function masterKey(raw: Buffer): MasterKey {
  return {
    id: createHash('sha256').update(raw).digest('hex').slice(0, 16),
    key: createSecretKey(raw),
  };
}

/** Name of the generated development master key inside DATA_DIR. */
export const DEV_MASTER_KEY_FILE = 'records-master.key';

function developmentMasterKey(dataDir: string): Buffer {
  const file = path.join(dataDir, DEV_MASTER_KEY_FILE);
  try {
    const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
    if (key.length === 32) return key;
    throw new Error(`${file} does not hold a 32-byte base64 key`);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  // 'wx': never overwrite a key another process has just written.
  try {
    writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
    return key;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return developmentMasterKey(dataDir);
    throw err;
  }
}

const keyrings = new WeakMap<object, Keyring>();

/**
 * The keyring for this configuration (memoised): RECORDS_MASTER_KEY, or outside production a key
 * generated once into DATA_DIR; plus RECORDS_PREVIOUS_MASTER_KEYS for unwrapping only.
 */
export function keyringFor(
  config: Pick<Config, 'recordsMasterKey' | 'recordsPreviousMasterKeys' | 'dataDir' | 'env'>,
): Keyring {
  const memo = keyrings.get(config);
  if (memo) return memo;
  if (!config.recordsMasterKey && config.env === 'production') {
    throw new Error('RECORDS_MASTER_KEY is required in production');
  }
  const current = masterKey(
    config.recordsMasterKey
      ? Buffer.from(config.recordsMasterKey, 'base64')
      : developmentMasterKey(config.dataDir),
  );
  const byId = new Map<string, MasterKey>([[current.id, current]]);
  for (const previous of config.recordsPreviousMasterKeys) {
    const k = masterKey(Buffer.from(previous, 'base64'));
    if (!byId.has(k.id)) byId.set(k.id, k);
  }
  const keyring = { current, byId };
  keyrings.set(config, keyring);
  return keyring;
}

/** AES-256-GCM with a format byte: [format][iv][ciphertext][tag]. */
export function seal(key: KeyObject | Buffer, plain: Buffer, aad: string): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const ct = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([Buffer.of(FORMAT), iv, ct, cipher.getAuthTag()]);
}

export function open(key: KeyObject | Buffer, sealed: Buffer, aad: string): Buffer {
  if (sealed.length < 1 + IV_BYTES + TAG_BYTES || sealed[0] !== FORMAT) {
    throw new Error('unknown ciphertext format');
  }
  const iv = sealed.subarray(1, 1 + IV_BYTES);
  const tag = sealed.subarray(sealed.length - TAG_BYTES);
  const ct = sealed.subarray(1 + IV_BYTES, sealed.length - TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(ct), decipher.final()]);
}

const wrapAad = (patientId: string) => `record-key:${patientId}`;

/** A patient's data key, unwrapped: what records of that patient are sealed with. */
export interface DataKey {
  patientId: string;
  key: KeyObject;
  /** For content MACs (de-duplication), derived apart from the encryption key. */
  macKey: Buffer;
}

function dataKey(patientId: string, raw: Buffer): DataKey {
  return {
    patientId,
    key: createSecretKey(raw),
    macKey: createHmac('sha256', raw).update('content-mac').digest(),
  };
}

/** Unwrapped data keys, memoised per keyring (bounded; the oldest is dropped first). */
const DATA_KEY_CACHE_SIZE = 5000;
const dataKeyCaches = new WeakMap<Keyring, Map<string, DataKey>>();

function cacheFor(keyring: Keyring): Map<string, DataKey> {
  let cache = dataKeyCaches.get(keyring);
  if (!cache) dataKeyCaches.set(keyring, (cache = new Map<string, DataKey>()));
  return cache;
}

function remember(keyring: Keyring, key: DataKey): DataKey {
  const cache = cacheFor(keyring);
  if (cache.size >= DATA_KEY_CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(key.patientId, key);
  return key;
}

function unwrap(
  keyring: Keyring,
  row: Pick<RecordKeysTable, 'patient_id' | 'master_key_id' | 'wrapped_key'>,
): DataKey {
  const master = keyring.byId.get(row.master_key_id);
  if (!master) {
    throw new Error(
      `the records data key of a patient is wrapped by master key ${row.master_key_id}, which is not configured (RECORDS_MASTER_KEY / RECORDS_PREVIOUS_MASTER_KEYS)`,
    );
  }
  return dataKey(row.patient_id, open(master.key, row.wrapped_key, wrapAad(row.patient_id)));
}

/**
 * The patient's data key, created (and wrapped by the current master key) on first use. Safe
 * under concurrency: two first writers agree on the row that won.
 */
export async function dataKeyFor(db: Db, keyring: Keyring, patientId: string): Promise<DataKey> {
  const cached = cacheFor(keyring).get(patientId);
  if (cached) return cached;
  const existing = await db
    .selectFrom('record_keys')
    .select(['patient_id', 'master_key_id', 'wrapped_key'])
    .where('patient_id', '=', patientId)
    .executeTakeFirst();
  if (existing) return remember(keyring, unwrap(keyring, existing));
  const raw = randomBytes(32);
  await db
    .insertInto('record_keys')
    .values({
      patient_id: patientId,
      master_key_id: keyring.current.id,
      wrapped_key: seal(keyring.current.key, raw, wrapAad(patientId)),
    })
    .onConflict((oc) => oc.column('patient_id').doNothing())
    .execute();
  const row = await db
    .selectFrom('record_keys')
    .select(['patient_id', 'master_key_id', 'wrapped_key'])
    .where('patient_id', '=', patientId)
    .executeTakeFirstOrThrow();
  return remember(keyring, unwrap(keyring, row));
}

/** Data keys of many patients at once (for lists across patients). */
export async function dataKeysFor(
  db: Db,
  keyring: Keyring,
  patientIds: readonly string[],
): Promise<Map<string, DataKey>> {
  const out = new Map<string, DataKey>();
  for (const id of new Set(patientIds)) out.set(id, await dataKeyFor(db, keyring, id));
  return out;
}

/**
 * Re-wraps every data key not wrapped by the current master key (after RECORDS_MASTER_KEY was
 * replaced and the old key moved to RECORDS_PREVIOUS_MASTER_KEYS). Records are untouched.
 * Returns how many keys were re-wrapped.
 */
export async function rewrapDataKeys(db: Db, keyring: Keyring): Promise<number> {
  let count = 0;
  for (;;) {
    const rows = await db
      .selectFrom('record_keys')
      .select(['patient_id', 'master_key_id', 'wrapped_key'])
      .where('master_key_id', '!=', keyring.current.id)
      .limit(500)
      .execute();
    if (rows.length === 0) return count;
    await db.transaction().execute(async (trx) => {
      for (const row of rows) {
        const master = keyring.byId.get(row.master_key_id);
        if (!master) {
          throw new Error(
            `a data key is wrapped by master key ${row.master_key_id}, which is not configured; add it to RECORDS_PREVIOUS_MASTER_KEYS`,
          );
        }
        const raw = open(master.key, row.wrapped_key, wrapAad(row.patient_id));
        await trx
          .updateTable('record_keys')
          .set({
            master_key_id: keyring.current.id,
            wrapped_key: seal(keyring.current.key, raw, wrapAad(row.patient_id)),
            rewrapped_at: sql<Date>`now()`,
          })
          .where('patient_id', '=', row.patient_id)
          .where('master_key_id', '=', row.master_key_id)
          .execute();
        count++;
      }
    });
  }
}

/** HMAC of content under the patient's key: equal content → equal MAC, and nothing else learnt. */
export function contentMac(key: DataKey, content: Buffer | string): Buffer {
  return createHmac('sha256', key.macKey).update(content).digest();
}
