-- Admin and audit (issue 3): a new role, `auditor`, for the people who may search the whole
-- audit log (an admin may hold it too). Created by an operator: `npm run manage -- create-user`.
ALTER TABLE accounts DROP CONSTRAINT accounts_roles_check;
ALTER TABLE accounts ADD CONSTRAINT accounts_roles_check CHECK (
  cardinality(roles) > 0
  AND roles <@ ARRAY['patient', 'caregiver', 'provider', 'volunteer', 'admin', 'auditor']::text[]);

-- The admin's account search: newest first within a status.
CREATE INDEX accounts_status_created_idx ON accounts (status, created_at DESC);

-- Auditors search by action (or its start) and time.
CREATE INDEX audit_events_action_idx ON audit_events (action text_pattern_ops, id DESC);
