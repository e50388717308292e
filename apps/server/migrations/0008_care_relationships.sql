-- Care relationships (issue 3, "Access"): a provider may see a patient's records when the
-- patient has explicitly shared them (care_shares) — booked or past appointments join these
-- with scheduling (issue 4) — or, without a relationship, through a time-limited,
-- justified break-the-glass access (break_glass_accesses). Rows are kept after a share ends
-- or an access expires (who could see what when is history); the audit log records each change.
CREATE TABLE care_shares (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  patient_id  uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  provider_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  created_at  timestamptz NOT NULL DEFAULT now(),
  -- Set when the patient ends the share; effective immediately.
  ended_at    timestamptz,
  CHECK (provider_id <> patient_id),
  CHECK (ended_at IS NULL OR ended_at >= created_at)
);

-- The access check: "has this patient an active share with this provider?" At most one per pair.
CREATE UNIQUE INDEX care_shares_active_pair_key ON care_shares (provider_id, patient_id)
  WHERE ended_at IS NULL;
-- A patient's list of shares.
CREATE INDEX care_shares_patient_idx ON care_shares (patient_id, created_at DESC);

CREATE TABLE break_glass_accesses (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  provider_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  patient_id  uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  reason      text NOT NULL CHECK (length(btrim(reason)) BETWEEN 10 AND 1000),
  opened_at   timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL DEFAULT now() + interval '4 hours',
  CHECK (provider_id <> patient_id),
  CHECK (expires_at > opened_at AND expires_at <= opened_at + interval '4 hours')
);

-- The access check: "has this provider an unexpired break-the-glass access to this patient?"
CREATE INDEX break_glass_accesses_pair_idx ON break_glass_accesses (provider_id, patient_id, expires_at DESC);
