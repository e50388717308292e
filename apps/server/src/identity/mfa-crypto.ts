import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Config } from '../platform/config.ts';
import type { Db } from '../platform/db.ts';
import { serverSecret } from './keys.ts';

/** AES-256-GCM key for TOTP secrets at rest. */
export type MfaKey = Buffer;

/**
 * The key that encrypts TOTP secrets: MFA_ENCRYPTION_KEY when set (required in production, so
 * the key does not live next to the data); otherwise one generated on first start and kept in
 * `server_secrets`. Memoised per app; several instances agree because the secret is stored once.
 */
export function mfaKeyLoader(
  config: Pick<Config, 'mfaEncryptionKey'>,
  db: Db,
): () => Promise<MfaKey> {
  let key: Promise<MfaKey> | undefined;
  return () => (key ??= resolveMfaKey(config, db));
}

export async function resolveMfaKey(
  config: Pick<Config, 'mfaEncryptionKey'>,
  db: Db,
): Promise<MfaKey> {
  if (config.mfaEncryptionKey) return Buffer.from(config.mfaEncryptionKey, 'base64');
  return Buffer.from(await serverSecret(db, 'mfa-encryption-key'), 'base64url');
}

const VERSION = 'v1';

/**
 * Encrypts a TOTP secret. The account id is the additional authenticated data, so a ciphertext
 * copied onto another account's row does not decrypt. Format: `v1.<iv>.<tag>.<ciphertext>`.
 */
export function encryptSecret(key: MfaKey, accountId: string, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(accountId));
  const ct = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  const parts = [iv, cipher.getAuthTag(), ct].map((p) => p.toString('base64url'));
  return [VERSION, ...parts].join('.');
}

export function decryptSecret(key: MfaKey, accountId: string, stored: string): string {
  const [version, iv, tag, ct] = stored.split('.');
  if (version !== VERSION || !iv || !tag || !ct) throw new Error('unknown TOTP secret format');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(accountId));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString(
    'utf8',
  );
}
