-- Third-party SMART on FHIR apps (issue 5), registered by an admin. The authorization server
-- (oidc-provider) loads them as clients by client_id while they are active. A confidential
-- app's secret is shown once at registration; only its SHA-256 hash is kept (the secret is
-- 32 random bytes, so a fast hash is enough).
CREATE TABLE smart_apps (
  client_id     text PRIMARY KEY CHECK (client_id ~ '^[A-Za-z0-9_-]{1,64}$'),
  name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  redirect_uris text[] NOT NULL CHECK (cardinality(redirect_uris) BETWEEN 1 AND 10),
  client_type   text NOT NULL CHECK (client_type IN ('public', 'confidential')),
  secret_hash   text,
  scopes        text[] NOT NULL CHECK (cardinality(scopes) > 0),
  launch_url    text,
  created_by    uuid REFERENCES accounts (id),
  created_at    timestamptz NOT NULL DEFAULT now(),
  disabled_at   timestamptz,
  CHECK ((client_type = 'confidential') = (secret_hash IS NOT NULL))
);

CREATE INDEX smart_apps_created_idx ON smart_apps (created_at DESC);
