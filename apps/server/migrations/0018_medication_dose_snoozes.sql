-- Medication doses (issue 6): how many times a dose was snoozed, so each reminder after a
-- snooze has its own dedupe key (`dose:<id>:snooze:<n>`) and is sent once.
ALTER TABLE medication_doses ADD COLUMN snooze_count integer NOT NULL DEFAULT 0
  CHECK (snooze_count >= 0);
