-- Notifications, realtime events, push subscriptions, reminders and medication schedules
-- (issue 6). The job queue itself (pg-boss) keeps its own tables in the `pgboss` schema, which
-- pg-boss installs and migrates at start-up.

-- Caregivers may be allowed to plan medicine reminders and answer doses.
ALTER TABLE proxy_grants DROP CONSTRAINT proxy_grants_scopes_check;
ALTER TABLE proxy_grants ADD CONSTRAINT proxy_grants_scopes_check CHECK (
  cardinality(scopes) > 0
  AND scopes <@ ARRAY['appointments:read', 'appointments:manage', 'records:read',
    'medications:read', 'medications:manage', 'messages:providers']::text[]);

-- Realtime events, one row per recipient: what a socket delivers, and what a reconnecting
-- client catches up on (events after the last id it saw). Ids and list hints only, never health
-- data. Pruned after a few days by a scheduled job.
CREATE TABLE realtime_events (
  id          bigserial PRIMARY KEY,
  account_id  uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  type        text NOT NULL CHECK (type ~ '^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$'),
  data        jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX realtime_events_account_idx ON realtime_events (account_id, id);
CREATE INDEX realtime_events_created_idx ON realtime_events (created_at);

-- The notification centre: one row per recipient. The words are rendered in the reader's
-- language when read, from `kind` and `params` (ids, times: nothing clinical) and `sealed`
-- (what is health data, e.g. a medicine's name: AES-256-GCM under the data key of the patient
-- in `patient_id`). `dedupe_key` makes "never twice" a constraint (a reminder's key is its
-- appointment, offset and time).
CREATE TABLE notifications (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  recipient_id  uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  kind          text NOT NULL,
  category      text NOT NULL,
  patient_id    uuid REFERENCES accounts (id) ON DELETE CASCADE,
  params        jsonb NOT NULL DEFAULT '{}'::jsonb,
  sealed        bytea,
  url           text NOT NULL DEFAULT '/' CHECK (url ~ '^/' AND length(url) <= 500),
  urgent        boolean NOT NULL DEFAULT false,
  dedupe_key    text CHECK (length(dedupe_key) <= 300),
  created_at    timestamptz NOT NULL DEFAULT now(),
  read_at       timestamptz,
  CHECK (sealed IS NULL OR patient_id IS NOT NULL),
  UNIQUE (recipient_id, dedupe_key)
);
CREATE INDEX notifications_recipient_idx ON notifications (recipient_id, created_at DESC, id DESC);
CREATE INDEX notifications_unread_idx ON notifications (recipient_id) WHERE read_at IS NULL;

-- What each channel did with a notification: sent once (the key makes a retried job a no-op),
-- held for quiet hours, skipped by preference or for want of a device, or failed for good.
CREATE TABLE notification_deliveries (
  notification_id uuid NOT NULL REFERENCES notifications (id) ON DELETE CASCADE,
  channel         text NOT NULL CHECK (channel IN ('email', 'web-push', 'mobile-push')),
  status          text NOT NULL CHECK (status IN ('pending', 'held', 'sent', 'skipped', 'failed')),
  attempts        integer NOT NULL DEFAULT 0,
  detail          text CHECK (length(detail) <= 300),
  not_before      timestamptz,
  updated_at      timestamptz NOT NULL DEFAULT now(),
  sent_at         timestamptz,
  PRIMARY KEY (notification_id, channel)
);

-- Per-person channel switches per category ({"appointments": {"email": true, ...}}; a missing
-- entry means the default, on) and quiet hours in the account's time zone.
CREATE TABLE notification_preferences (
  account_id    uuid PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
  channels      jsonb NOT NULL DEFAULT '{}'::jsonb,
  quiet_enabled boolean NOT NULL DEFAULT false,
  quiet_start   text NOT NULL DEFAULT '22:00' CHECK (quiet_start ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  quiet_end     text NOT NULL DEFAULT '07:00' CHECK (quiet_end ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  updated_at    timestamptz NOT NULL DEFAULT now()
);

-- Web push: one subscription per browser (its push service endpoint), removed when the push
-- service answers 404/410. Mobile push: one Expo push token per phone.
CREATE TABLE web_push_subscriptions (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  account_id   uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  endpoint     text NOT NULL UNIQUE CHECK (endpoint ~ '^https?://' AND length(endpoint) <= 2000),
  p256dh       text NOT NULL,
  auth         text NOT NULL,
  label        text NOT NULL DEFAULT 'Browser' CHECK (length(label) <= 100),
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz
);
CREATE INDEX web_push_subscriptions_account_idx ON web_push_subscriptions (account_id);

CREATE TABLE mobile_push_tokens (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  account_id   uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  token        text NOT NULL UNIQUE CHECK (length(token) <= 200),
  platform     text NOT NULL CHECK (platform IN ('ios', 'android', 'web')),
  label        text NOT NULL DEFAULT 'Phone' CHECK (length(label) <= 100),
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz
);
CREATE INDEX mobile_push_tokens_account_idx ON mobile_push_tokens (account_id);

-- The server's VAPID key pair, generated on first start (one row).
CREATE TABLE vapid_keys (
  singleton   boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  public_key  text NOT NULL,
  private_key text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- Appointment reminders: one row per appointment and offset, due at start − offset. Moving the
-- appointment moves the unsent rows; cancelling it deletes them; `sent_at` is set in the same
-- transaction that creates the notifications, so a reminder is sent once.
CREATE TABLE appointment_reminders (
  appointment_id  uuid NOT NULL REFERENCES appointments (id) ON DELETE CASCADE,
  offset_minutes  integer NOT NULL CHECK (offset_minutes > 0),
  due_at          timestamptz NOT NULL,
  sent_at         timestamptz,
  PRIMARY KEY (appointment_id, offset_minutes)
);
CREATE INDEX appointment_reminders_due_idx ON appointment_reminders (due_at) WHERE sent_at IS NULL;

-- Medication schedules: when to take one medication of the patient's record (the name stays in
-- the encrypted record; only its id is here).
CREATE TABLE medication_schedules (
  id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  patient_id           uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  medication_type      text NOT NULL CHECK (medication_type IN ('MedicationRequest', 'MedicationStatement')),
  medication_id        uuid NOT NULL,
  times                text[] NOT NULL CHECK (cardinality(times) BETWEEN 1 AND 12),
  days_of_week         smallint[] NOT NULL DEFAULT '{}',
  start_date           date NOT NULL,
  end_date             date CHECK (end_date IS NULL OR end_date >= start_date),
  missed_after_minutes integer NOT NULL DEFAULT 60 CHECK (missed_after_minutes BETWEEN 15 AND 720),
  notify_caregivers    boolean NOT NULL DEFAULT true,
  active               boolean NOT NULL DEFAULT true,
  created_by           uuid NOT NULL REFERENCES accounts (id),
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now(),
  deleted_at           timestamptz
);
CREATE INDEX medication_schedules_patient_idx ON medication_schedules (patient_id) WHERE deleted_at IS NULL;

-- Planned doses, created ahead from the schedules. A dose is reminded at its time (or when a
-- snooze ends), answered, or missed after the schedule's window (then escalated once).
CREATE TABLE medication_doses (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  schedule_id   uuid NOT NULL REFERENCES medication_schedules (id) ON DELETE CASCADE,
  patient_id    uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  scheduled_at  timestamptz NOT NULL,
  status        text NOT NULL DEFAULT 'pending'
                  CHECK (status IN ('pending', 'taken', 'skipped', 'snoozed', 'missed')),
  snoozed_until timestamptz,
  answered_at   timestamptz,
  answered_by   uuid REFERENCES accounts (id),
  reminded_at   timestamptz,
  escalated_at  timestamptz,
  UNIQUE (schedule_id, scheduled_at)
);
CREATE INDEX medication_doses_patient_idx ON medication_doses (patient_id, scheduled_at);
CREATE INDEX medication_doses_open_idx ON medication_doses (scheduled_at)
  WHERE status IN ('pending', 'snoozed');
