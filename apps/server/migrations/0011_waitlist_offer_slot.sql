-- A waitlist offer keeps the slot it held after the held appointment row is gone (declined,
-- expired or withdrawn offers delete their held row rather than leaving a phantom cancelled
-- appointment), so the same person is never offered the same slot twice.
ALTER TABLE waitlist_offers ADD COLUMN slot tstzrange;
UPDATE waitlist_offers o SET slot = a.during FROM appointments a WHERE a.id = o.appointment_id;
ALTER TABLE waitlist_offers ALTER COLUMN slot SET NOT NULL;
ALTER TABLE waitlist_offers ALTER COLUMN appointment_id DROP NOT NULL;
ALTER TABLE waitlist_offers DROP CONSTRAINT waitlist_offers_appointment_id_fkey;
ALTER TABLE waitlist_offers ADD CONSTRAINT waitlist_offers_appointment_id_fkey
  FOREIGN KEY (appointment_id) REFERENCES appointments (id) ON DELETE SET NULL;
CREATE INDEX waitlist_offers_entry_idx ON waitlist_offers (entry_id);
