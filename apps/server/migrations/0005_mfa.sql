-- Two-step sign-in (TOTP, RFC 6238) and recovery codes.
-- The TOTP secret is stored encrypted (AES-256-GCM, key from MFA_ENCRYPTION_KEY or, outside
-- production, a generated server secret), bound to its account; never in clear.
CREATE TABLE mfa_totp (
  account_id        uuid PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
  secret_ciphertext text NOT NULL CHECK (secret_ciphertext LIKE 'v1.%'),
  -- NULL while an enrolment waits for its first code; set when two-step sign-in is on.
  enabled_at        timestamptz,
  -- The RFC 6238 time step of the last accepted code: a code is never accepted twice.
  last_used_step    bigint,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now()
);

-- Single-use recovery codes: only SHA-256(salt || code) with a per-code random salt.
CREATE TABLE mfa_recovery_codes (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  salt       text NOT NULL,
  code_hash  text NOT NULL CHECK (code_hash ~ '^[0-9a-f]{64}$'),
  used_at    timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX mfa_recovery_codes_account_idx ON mfa_recovery_codes (account_id) WHERE used_at IS NULL;

-- A sign-in interaction whose password was right and whose second step is still to come, keyed
-- by the authorization server's interaction uid: the browser never holds the verified account.
CREATE TABLE mfa_sign_in_steps (
  interaction_uid text PRIMARY KEY,
  account_id      uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  stage           text NOT NULL CHECK (stage IN ('totp', 'enrol', 'done')),
  expires_at      timestamptz NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX mfa_sign_in_steps_expires_idx ON mfa_sign_in_steps (expires_at);
