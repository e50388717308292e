-- "Connect a health system" (issue 5): other healthcare systems' FHIR servers an admin has
-- registered (with the client id CareCircle was given there), and each patient's connections:
-- a SMART standalone launch, then a background import of their resources.
CREATE TABLE health_systems (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  fhir_base_url text NOT NULL UNIQUE CHECK (fhir_base_url ~ '^https?://' AND length(fhir_base_url) <= 500),
  client_id     text NOT NULL CHECK (length(client_id) BETWEEN 1 AND 200),
  created_by    uuid REFERENCES accounts (id),
  created_at    timestamptz NOT NULL DEFAULT now(),
  disabled_at   timestamptz
);

CREATE TABLE health_connections (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  patient_id       uuid NOT NULL REFERENCES accounts (id),
  health_system_id uuid NOT NULL REFERENCES health_systems (id),
  started_by       uuid NOT NULL REFERENCES accounts (id),
  status           text NOT NULL CHECK (status IN ('authorizing', 'importing', 'done', 'failed')),
  -- SHA-256 of the OAuth state sent to the health system (the state itself is the browser's).
  state_hash       text UNIQUE,
  -- PKCE verifier of the authorization in progress; cleared once the code is redeemed.
  code_verifier    text,
  fetched          integer NOT NULL DEFAULT 0,
  -- ImportSummary: counts only, never clinical data.
  summary          jsonb,
  error            text CHECK (length(error) <= 500),
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  finished_at      timestamptz
);
CREATE INDEX health_connections_patient_idx ON health_connections (patient_id, created_at DESC);
