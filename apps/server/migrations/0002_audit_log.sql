-- The audit trail (HIPAA §164.312(b)): who did what to whose data, when, from where, and how
-- it ended. Append-only and hash-chained: each event's hash covers its own fields and the hash
-- of the event before it, so altering or removing a row breaks the chain (see
-- access/audit.service.ts for the canonical serialisation and `npm run manage -- audit-verify`).
-- No foreign keys: the trail must outlive the accounts it mentions. `details` holds ids and
-- codes only, never health data, passwords or tokens.
CREATE TABLE audit_events (
  id              bigserial PRIMARY KEY,
  occurred_at     timestamptz NOT NULL,
  action          text NOT NULL CHECK (length(action) BETWEEN 1 AND 100),
  outcome         text NOT NULL CHECK (outcome IN ('success', 'failure', 'denied')),
  actor_id        uuid,
  on_behalf_of_id uuid,  -- the patient a caregiver acts for
  patient_id      uuid,  -- whose data
  subject_type    text,
  subject_id      text,
  reason          text,
  ip              inet,
  user_agent      text,
  request_id      text,
  details         jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(details) = 'object'),
  prev_hash       text NOT NULL CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
  hash            text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
  -- One successor per link: even a writer that bypassed the advisory lock cannot fork the chain.
  CONSTRAINT audit_events_prev_hash_key UNIQUE (prev_hash),
  CONSTRAINT audit_events_hash_key UNIQUE (hash)
);

-- "Who accessed my data", newest first.
CREATE INDEX audit_events_patient_idx ON audit_events (patient_id, id DESC)
  WHERE patient_id IS NOT NULL;
-- "What did this person do", for auditors.
CREATE INDEX audit_events_actor_idx ON audit_events (actor_id, id DESC)
  WHERE actor_id IS NOT NULL;

-- The database itself refuses to change or remove audit events, whoever asks.
CREATE FUNCTION audit_events_refuse_change() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege',
          HINT = 'Audit events are never changed or deleted.';
END;
$$;

-- Statement-level, so even an UPDATE or DELETE that matches no row is refused.
CREATE TRIGGER audit_events_append_only
  BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse_change();
