-- Code and category searches are always within one patient's record: index the pair, so a
-- search for one code reads that patient's matching rows only (not every patient's rows with
-- that code, as the single-column GIN index led the planner to). btree_gin lets a GIN index
-- hold the patient id next to the arrays.
CREATE EXTENSION IF NOT EXISTS btree_gin;

DROP INDEX fhir_resources_codes_idx;
CREATE INDEX fhir_resources_patient_codes_idx ON fhir_resources USING gin (patient_id, codes)
  WHERE NOT deleted;
CREATE INDEX fhir_resources_patient_categories_idx
  ON fhir_resources USING gin (patient_id, categories)
  WHERE NOT deleted;
