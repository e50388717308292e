-- Single-use links e-mailed to a person: e-mail verification and password reset.
-- Only the SHA-256 of a token is stored, so a database leak gives no usable link.
CREATE TABLE account_tokens (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  account_id  uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  purpose     text NOT NULL CHECK (purpose IN ('verify_email', 'reset_password')),
  token_hash  text NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX account_tokens_account_idx ON account_tokens (account_id, purpose) WHERE used_at IS NULL;

-- Fixed-window counters for rate limits, shared by every server instance. `key_hash` is the
-- SHA-256 of the limit's key (which may hold an e-mail address or an IP address).
CREATE TABLE rate_limit_counters (
  key_hash     text PRIMARY KEY,
  hits         integer NOT NULL CHECK (hits > 0),
  window_start timestamptz NOT NULL,
  expires_at   timestamptz NOT NULL
);
CREATE INDEX rate_limit_counters_expires_idx ON rate_limit_counters (expires_at);

-- Outgoing mail kept for the development mailbox page (/dev/mailbox) when no SMTP_URL is set.
-- Never used in production: start-up refuses production without SMTP_URL.
CREATE TABLE dev_mailbox (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  to_address   text NOT NULL,
  from_address text NOT NULL,
  subject      text NOT NULL,
  text_body    text NOT NULL,
  html_body    text,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX dev_mailbox_created_idx ON dev_mailbox (created_at DESC);
