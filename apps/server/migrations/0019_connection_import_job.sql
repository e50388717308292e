-- Health-connection imports run on the job queue (issue 6). Between the person's approval and
-- the import job, the authorization code and PKCE verifier wait here sealed (AES-256-GCM under
-- the patient's data key), never in clear and never in the job's data; the job clears it as it
-- takes it.
ALTER TABLE health_connections ADD COLUMN import_secret bytea;
