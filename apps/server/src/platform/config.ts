import path from 'node:path';
import { z } from 'zod';

const booleanish = z
  .enum(['true', 'false', '1', '0', 'on', 'off', 'yes', 'no'], {
    message: 'must be true or false',
  })
  .transform((v) => ['true', '1', 'on', 'yes'].includes(v));

const positiveInt = z.coerce
  .number({ message: 'must be a whole number' })
  .int('must be a whole number')
  .min(1, 'must be at least 1');

const LogLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce
    .number({ message: 'must be a port number' })
    .int('must be a whole number')
    .min(0, 'must be between 0 and 65535')
    .max(65535, 'must be between 0 and 65535')
    .default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  PUBLIC_URL: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).optional(),
  DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/, message: 'must be a postgres:// URL' })
    .optional(),
  DATA_DIR: z.string().min(1).default('./.data'),
  DEMO_DATA: booleanish.optional(),
  LOG_LEVEL: LogLevel.optional(),
  TRUST_PROXY: z.string().optional(),
  WEB_DIST_DIR: z.string().min(1).optional(),
  SMTP_URL: z
    .url({ protocol: /^smtps?$/, message: 'must be an smtp:// or smtps:// URL' })
    .optional(),
  MAIL_FROM: z.string().min(3).default('CareCircle <no-reply@localhost>'),
  SIGNIN_MAX_FAILURES_PER_ACCOUNT_PER_HOUR: positiveInt.default(100),
  SIGNIN_MAX_PER_IP_PER_15_MIN: positiveInt.default(300),
  SIGNUP_MAX_PER_IP_PER_HOUR: positiveInt.default(50),
  MFA_ENCRYPTION_KEY: z
    .string()
    .refine(
      (v) => /^[A-Za-z0-9+/]+={0,2}$/.test(v) && Buffer.from(v, 'base64').length === 32,
      'must be 32 random bytes in base64 (e.g. from `openssl rand -base64 32`)',
    )
    .optional(),
  RECORDS_MASTER_KEY: z
    .string()
    .refine(
      (v) => /^[A-Za-z0-9+/]+={0,2}$/.test(v) && Buffer.from(v, 'base64').length === 32,
      'must be 32 random bytes in base64 (e.g. from `openssl rand -base64 32`)',
    )
    .optional(),
  REDIS_URL: z
    .url({ protocol: /^rediss?$/, message: 'must be a redis:// or rediss:// URL' })
    .optional(),
  EXPO_PUSH_URL: z
    .url({ protocol: /^https?$/, message: 'must be an http(s) URL' })
    .default('https://exp.host/--/api/v2/push/send'),
  VAPID_SUBJECT: z
    .string()
    .regex(/^(mailto:|https:\/\/)/, 'must be a mailto: or https: URL')
    .optional(),
  REMINDER_OFFSETS_MINUTES: z
    .string()
    .regex(/^\d+(\s*,\s*\d+)*$/, 'must be a comma-separated list of minutes, e.g. 1440,120')
    .default('1440,120'),
  JOB_POLL_SECONDS: z.coerce
    .number({ message: 'must be a number of seconds' })
    .min(0.5, 'must be at least 0.5')
    .optional(),
  RECORDS_PREVIOUS_MASTER_KEYS: z
    .string()
    .refine(
      (v) =>
        v
          .split(',')
          .map((k) => k.trim())
          .every((k) => /^[A-Za-z0-9+/]+={0,2}$/.test(k) && Buffer.from(k, 'base64').length === 32),
      'must be a comma-separated list of 32-byte base64 keys',
    )
    .optional(),
});

export interface Config {
  readonly env: 'development' | 'test' | 'production';
  readonly port: number;
  readonly host: string;
  readonly publicUrl: string;
  /** Connection string of an external PostgreSQL; undefined = embedded PostgreSQL in dataDir. */
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  readonly demoData: boolean;
  readonly logLevel: z.infer<typeof LogLevel>;
  /** Express `trust proxy` setting (hops or subnet list); false when not behind a proxy. */
  readonly trustProxy: string | number | boolean;
  /** Directory of the built web app (apps/web/dist). */
  readonly webDistDir: string;
  readonly version: string;
  /** Outgoing mail server; undefined = mail kept in the development mailbox (never in production). */
  readonly smtpUrl: string | undefined;
  readonly mailFrom: string;
  readonly signInMaxFailuresPerAccountPerHour: number;
  readonly signInMaxPerIpPer15Min: number;
  readonly signUpMaxPerIpPerHour: number;
  /** Base64 AES-256 key for TOTP secrets at rest; undefined = generated and kept in the database (not in production). */
  readonly mfaEncryptionKey: string | undefined;
  /**
   * Base64 AES-256 master key wrapping the patients' record data keys; undefined = generated
   * on first start into `DATA_DIR/records-master.key` (never in production).
   */
  readonly recordsMasterKey: string | undefined;
  /** Earlier master keys, still able to unwrap data keys until `manage records:rewrap` has run. */
  readonly recordsPreviousMasterKeys: readonly string[];
  /** Redis for realtime fan-out between instances; undefined = PostgreSQL LISTEN/NOTIFY. */
  readonly redisUrl: string | undefined;
  /** Expo's push API (tests point it at a local receiver). */
  readonly expoPushUrl: string;
  /** The contact sent to web push services with VAPID (mailto: or https:). */
  readonly vapidSubject: string;
  /** Appointment reminders this many minutes before the start (default 24 h and 2 h). */
  readonly reminderOffsetsMinutes: readonly number[];
  /** How often an idle job worker looks for jobs when no NOTIFY woke it. */
  readonly jobPollSeconds: number;
}

/** A configuration problem, with one sentence a person can act on. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

const repoRoot = path.resolve(import.meta.dirname, '../../../..');

/**
 * Parses the environment once at start-up. Throws ConfigError naming the first bad variable.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty strings mean "not set", as in most shells' `VAR= cmd`.
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v !== ''),
  );
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0] ?? 'environment');
    const got = cleaned[name];
    const shown =
      got === undefined ||
      [
        'DATABASE_URL',
        'SMTP_URL',
        'MFA_ENCRYPTION_KEY',
        'RECORDS_MASTER_KEY',
        'RECORDS_PREVIOUS_MASTER_KEYS',
        'REDIS_URL',
      ].includes(name)
        ? ''
        : ` (got "${got}")`;
    const message =
      issue.code === 'invalid_value' || issue.message.startsWith('must')
        ? issue.message
        : `is invalid: ${issue.message}`;
    throw new ConfigError(`${name} ${message}${shown}.`);
  }
  const e = parsed.data;
  if (e.NODE_ENV === 'production' && !e.PUBLIC_URL) {
    throw new ConfigError('PUBLIC_URL must be set in production (e.g. https://care.example.org).');
  }
  if (e.NODE_ENV === 'production' && !e.SMTP_URL) {
    throw new ConfigError(
      'SMTP_URL must be set in production, so sign-up and password reset e-mails can be sent (e.g. smtp://user:pass@mail.example.org:587).',
    );
  }
  if (e.NODE_ENV === 'production' && !e.MFA_ENCRYPTION_KEY) {
    throw new ConfigError(
      'MFA_ENCRYPTION_KEY must be set in production, so two-step sign-in secrets are encrypted with a key kept apart from the database (32 random bytes in base64, e.g. from `openssl rand -base64 32`).',
    );
  }
  if (e.NODE_ENV === 'production' && !e.RECORDS_MASTER_KEY) {
    throw new ConfigError(
      'RECORDS_MASTER_KEY must be set in production, so health records are encrypted with a key kept apart from the database (32 random bytes in base64, e.g. from `openssl rand -base64 32`).',
    );
  }
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
  return Object.freeze({
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    publicUrl,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.DATA_DIR),
    demoData: e.DEMO_DATA ?? e.NODE_ENV !== 'production',
    logLevel: e.LOG_LEVEL ?? (e.NODE_ENV === 'test' ? 'warn' : 'info'),
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    webDistDir: path.resolve(e.WEB_DIST_DIR ?? path.join(repoRoot, 'apps/web/dist')),
    version: process.env.npm_package_version ?? '0.1.0',
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    signInMaxFailuresPerAccountPerHour: e.SIGNIN_MAX_FAILURES_PER_ACCOUNT_PER_HOUR,
    signInMaxPerIpPer15Min: e.SIGNIN_MAX_PER_IP_PER_15_MIN,
    signUpMaxPerIpPerHour: e.SIGNUP_MAX_PER_IP_PER_HOUR,
    mfaEncryptionKey: e.MFA_ENCRYPTION_KEY,
    recordsMasterKey: e.RECORDS_MASTER_KEY,
    recordsPreviousMasterKeys: (e.RECORDS_PREVIOUS_MASTER_KEYS ?? '')
      .split(',')
      .map((k) => k.trim())
      .filter(Boolean),
    redisUrl: e.REDIS_URL,
    expoPushUrl: e.EXPO_PUSH_URL,
    vapidSubject: e.VAPID_SUBJECT ?? `mailto:${mailAddressOf(e.MAIL_FROM)}`,
    reminderOffsetsMinutes: [
      ...new Set(e.REMINDER_OFFSETS_MINUTES.split(',').map((m) => Number(m.trim()))),
    ].filter((m) => m > 0),
    jobPollSeconds: e.JOB_POLL_SECONDS ?? (e.NODE_ENV === 'test' ? 0.5 : 2),
  });
}

/** `no-reply@example.org` from `CareCircle <no-reply@example.org>`. */
function mailAddressOf(from: string): string {
  return /<([^>]+)>/.exec(from)?.[1] ?? from.trim();
}

function parseTrustProxy(value: string | undefined): string | number | boolean {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}
