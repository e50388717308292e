-- Health records (issue 5): FHIR R4 resources per patient, encrypted at rest (envelope
-- encryption), versioned, with provenance; documents' bytes encrypted the same way.
--
-- Only what search needs is in clear: the patient, the resource type, codes, categories, status,
-- the clinical date and identifiers (for de-duplicating imports). Everything else — values,
-- names, notes, display texts — is inside `payload`: AES-256-GCM under the patient's data key
-- (record_keys), with the row's identity as additional authenticated data so a ciphertext moved
-- to another row does not decrypt. Payload format: 1 byte format version, 12 bytes IV,
-- ciphertext, 16 bytes tag.

-- One data key per patient, wrapped (AES-256-GCM) by a master key from configuration.
-- Rotating the master key re-wraps these rows only; records are never rewritten for it.
CREATE TABLE record_keys (
  patient_id    uuid PRIMARY KEY REFERENCES accounts (id),
  -- Which master key wrapped it (first 16 hex digits of its SHA-256).
  master_key_id text NOT NULL,
  wrapped_key   bytea NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  rewrapped_at  timestamptz
);
CREATE INDEX record_keys_master_idx ON record_keys (master_key_id);

-- The current version of every resource (the row search reads).
CREATE TABLE fhir_resources (
  id            uuid PRIMARY KEY,
  resource_type text NOT NULL CHECK (resource_type IN (
                  'Condition', 'Observation', 'MedicationRequest', 'MedicationStatement',
                  'AllergyIntolerance', 'Immunization', 'DiagnosticReport', 'DocumentReference')),
  patient_id    uuid NOT NULL REFERENCES accounts (id),
  version_id    integer NOT NULL CHECK (version_id >= 1),
  last_updated  timestamptz NOT NULL DEFAULT now(),
  deleted       boolean NOT NULL DEFAULT false,
  -- Search fields (in clear): tokens as 'system|code' and bare 'code'.
  codes         text[] NOT NULL DEFAULT '{}',
  categories    text[] NOT NULL DEFAULT '{}',
  status        text,
  -- The clinical date (effective, onset, authored, occurrence, document date), when it has one.
  effective_at  timestamptz,
  -- 'system|value' of the resource's identifiers (import de-duplication, identifier search).
  identifiers   text[] NOT NULL DEFAULT '{}',
  -- HMAC-SHA-256 of the resource's clinical content under the patient's data key: finds an
  -- identical import without revealing anything (the key is the patient's).
  content_mac   bytea,
  -- Provenance: who or what entered it.
  source_kind   text NOT NULL CHECK (source_kind IN ('patient', 'provider', 'import')),
  source_system text CHECK (length(source_system) <= 500),
  created_by    uuid REFERENCES accounts (id),
  updated_by    uuid REFERENCES accounts (id),
  created_at    timestamptz NOT NULL DEFAULT now(),
  -- The document whose bytes a DocumentReference points at.
  document_id   uuid,
  payload       bytea NOT NULL
);
CREATE INDEX fhir_resources_patient_type_date_idx
  ON fhir_resources (patient_id, resource_type, effective_at DESC NULLS LAST, id)
  WHERE NOT deleted;
CREATE INDEX fhir_resources_patient_updated_idx ON fhir_resources (patient_id, last_updated DESC);
CREATE INDEX fhir_resources_codes_idx ON fhir_resources USING gin (codes) WHERE NOT deleted;
CREATE INDEX fhir_resources_identifiers_idx ON fhir_resources USING gin (identifiers);
CREATE INDEX fhir_resources_content_mac_idx ON fhir_resources (patient_id, content_mac)
  WHERE content_mac IS NOT NULL;

-- Every version, including the current one (vread, history). Append-only.
CREATE TABLE fhir_resource_versions (
  resource_id   uuid NOT NULL REFERENCES fhir_resources (id),
  version_id    integer NOT NULL CHECK (version_id >= 1),
  resource_type text NOT NULL,
  patient_id    uuid NOT NULL REFERENCES accounts (id),
  change        text NOT NULL CHECK (change IN ('create', 'update', 'delete')),
  changed_at    timestamptz NOT NULL DEFAULT now(),
  changed_by    uuid REFERENCES accounts (id),
  -- When a caregiver or another person acted for the patient through a grant.
  via_grant_id  uuid,
  payload       bytea NOT NULL,
  PRIMARY KEY (resource_id, version_id)
);
CREATE INDEX fhir_resource_versions_patient_idx
  ON fhir_resource_versions (patient_id, changed_at DESC);

CREATE FUNCTION fhir_resource_versions_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'record history is append-only';
END;
$$;
CREATE TRIGGER fhir_resource_versions_no_update
  BEFORE UPDATE OR DELETE ON fhir_resource_versions
  FOR EACH ROW EXECUTE FUNCTION fhir_resource_versions_append_only();

-- Documents' bytes (scanned letters, PDFs, images), encrypted under the patient's data key.
CREATE TABLE record_documents (
  id            uuid PRIMARY KEY,
  patient_id    uuid NOT NULL REFERENCES accounts (id),
  content_type  text NOT NULL CHECK (content_type IN ('application/pdf', 'image/png', 'image/jpeg', 'text/plain')),
  size          integer NOT NULL CHECK (size > 0),
  -- SHA-256 of the plain bytes, under the patient's key (HMAC), for de-duplication.
  content_mac   bytea NOT NULL,
  content       bytea NOT NULL,
  created_by    uuid REFERENCES accounts (id),
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX record_documents_patient_idx ON record_documents (patient_id);
