-- Appointment reasons and cancellation reasons are health data (issue 5: a dump shows no
-- clinical value in clear). They move into `*_sealed` columns: AES-256-GCM under the patient's
-- records data key (records/record-keys.ts), with the appointment as additional data. Reasons
-- written in clear before this migration are sealed, and the clear columns emptied, at start-up
-- (scheduling/appointment-reasons.ts); the clear columns stay only for that hand-over.
ALTER TABLE appointments
  ADD COLUMN reason_sealed bytea,
  ADD COLUMN cancel_reason_sealed bytea;
