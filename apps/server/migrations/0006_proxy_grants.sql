-- Caregiver proxy grants: a patient lets a caregiver act for them within chosen scopes,
-- optionally until a date, revocable at any time. A grant starts as an e-mailed invitation
-- (pending, with the SHA-256 of a single-use link token, like account_tokens) and becomes
-- active when the invited person accepts it. Rows are kept after revocation (who had access
-- when is history); the audit log records every change.
CREATE TABLE proxy_grants (
  id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  patient_id            uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  -- Set when the invitation is accepted.
  caregiver_id          uuid REFERENCES accounts (id) ON DELETE CASCADE,
  invitee_email         text NOT NULL CHECK (length(invitee_email) BETWEEN 3 AND 254),
  scopes                text[] NOT NULL CHECK (
                          cardinality(scopes) > 0
                          AND scopes <@ ARRAY['appointments:read', 'appointments:manage',
                            'records:read', 'medications:read', 'messages:providers']::text[]),
  status                text NOT NULL DEFAULT 'pending'
                          CHECK (status IN ('pending', 'active', 'revoked', 'left')),
  ends_at               timestamptz,
  invitation_token_hash text UNIQUE CHECK (invitation_token_hash ~ '^[0-9a-f]{64}$'),
  invitation_expires_at timestamptz,
  created_at            timestamptz NOT NULL DEFAULT now(),
  updated_at            timestamptz NOT NULL DEFAULT now(),
  accepted_at           timestamptz,
  ended_at              timestamptz,
  CHECK (caregiver_id IS NULL OR caregiver_id <> patient_id),
  CHECK (status = 'pending' OR caregiver_id IS NOT NULL OR ended_at IS NOT NULL),
  CHECK (status <> 'active' OR (caregiver_id IS NOT NULL AND accepted_at IS NOT NULL))
);

-- The access check (one per request and patient): "does this caregiver hold an active grant
-- from this patient?" At most one active grant per pair.
CREATE UNIQUE INDEX proxy_grants_active_pair_key ON proxy_grants (caregiver_id, patient_id)
  WHERE status = 'active';
-- A patient's sharing list.
CREATE INDEX proxy_grants_patient_idx ON proxy_grants (patient_id, created_at DESC);
-- One open invitation per patient and address: a new one replaces it.
CREATE UNIQUE INDEX proxy_grants_pending_invitee_key ON proxy_grants (patient_id, lower(invitee_email))
  WHERE status = 'pending';
