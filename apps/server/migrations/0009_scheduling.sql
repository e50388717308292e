-- Scheduling (issue 4): appointment types, date overrides, time off, appointments that cannot
-- double-book, idempotent booking, waitlist with held offers, private calendar feeds.
CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE appointment_types (
  id                     uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  provider_id            uuid NOT NULL REFERENCES providers (account_id) ON DELETE CASCADE,
  name                   text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  duration_minutes       integer NOT NULL CHECK (duration_minutes BETWEEN 5 AND 480),
  buffer_before_minutes  integer NOT NULL DEFAULT 0 CHECK (buffer_before_minutes BETWEEN 0 AND 240),
  buffer_after_minutes   integer NOT NULL DEFAULT 0 CHECK (buffer_after_minutes BETWEEN 0 AND 240),
  modality               text NOT NULL CHECK (modality IN ('in_person', 'video', 'phone')),
  minimum_notice_minutes integer NOT NULL DEFAULT 60 CHECK (minimum_notice_minutes >= 0),
  booking_horizon_days   integer NOT NULL DEFAULT 90 CHECK (booking_horizon_days BETWEEN 1 AND 365),
  active                 boolean NOT NULL DEFAULT true,
  created_at             timestamptz NOT NULL DEFAULT now(),
  updated_at             timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX appointment_types_provider_idx ON appointment_types (provider_id) WHERE active;

-- Hours for one local date (provider's zone) replacing the weekly hours; no rows with
-- intervals for a date that has an override row = closed. `intervals` is a JSON array of
-- {"start": "HH:MM", "end": "HH:MM"}.
CREATE TABLE availability_overrides (
  provider_id uuid NOT NULL REFERENCES providers (account_id) ON DELETE CASCADE,
  date        date NOT NULL,
  intervals   jsonb NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(intervals) = 'array'),
  PRIMARY KEY (provider_id, date)
);

CREATE TABLE time_off (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  provider_id uuid NOT NULL REFERENCES providers (account_id) ON DELETE CASCADE,
  during      tstzrange NOT NULL CHECK (NOT isempty(during)),
  reason      text CHECK (length(reason) <= 200),
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX time_off_provider_idx ON time_off USING gist (provider_id, during);

-- An appointment. `during` is [start, end); `blocked` is the provider's time it takes,
-- [start - buffer before, end + buffer after) with the buffers of its type at booking time.
-- Active appointments ('held' by a waitlist offer, 'booked', 'checked_in') can never overlap
-- for one provider (blocked ranges) nor for one patient (during): exclusion constraints make
-- double booking impossible whatever the application does; violations map to 409.
CREATE TABLE appointments (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  provider_id         uuid NOT NULL REFERENCES providers (account_id),
  patient_id          uuid NOT NULL REFERENCES accounts (id),
  appointment_type_id uuid NOT NULL REFERENCES appointment_types (id),
  booked_by           uuid NOT NULL REFERENCES accounts (id),
  -- Set when a caregiver booked through a proxy grant.
  via_grant_id        uuid,
  during              tstzrange NOT NULL CHECK (NOT isempty(during) AND NOT lower_inf(during) AND NOT upper_inf(during)),
  blocked             tstzrange NOT NULL CHECK (blocked @> during),
  status              text NOT NULL CHECK (status IN ('held', 'booked', 'checked_in', 'completed', 'cancelled', 'no_show')),
  -- When status = 'held': until when the waitlist offer holds the slot.
  hold_expires_at     timestamptz,
  reason              text CHECK (length(reason) <= 500),
  cancel_reason       text CHECK (length(cancel_reason) <= 500),
  cancelled_by        uuid REFERENCES accounts (id),
  cancelled_at        timestamptz,
  -- iCalendar SEQUENCE: increases with every change the invitation must reflect.
  sequence            integer NOT NULL DEFAULT 0,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  CHECK ((status = 'held') = (hold_expires_at IS NOT NULL)),
  CONSTRAINT appointments_no_provider_overlap EXCLUDE USING gist (provider_id WITH =, blocked WITH &&)
    WHERE (status IN ('held', 'booked', 'checked_in')),
  CONSTRAINT appointments_no_patient_overlap EXCLUDE USING gist (patient_id WITH =, during WITH &&)
    WHERE (status IN ('held', 'booked', 'checked_in'))
);
CREATE INDEX appointments_patient_idx ON appointments (patient_id, lower(during));
CREATE INDEX appointments_provider_idx ON appointments (provider_id, lower(during));

-- Booking retries: the same key from the same actor returns the first result.
CREATE TABLE idempotency_keys (
  actor_id       uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  key            text NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
  request_hash   text NOT NULL,
  appointment_id uuid REFERENCES appointments (id) ON DELETE CASCADE,
  created_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (actor_id, key)
);

CREATE TABLE waitlist_entries (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  patient_id          uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  provider_id         uuid NOT NULL REFERENCES providers (account_id) ON DELETE CASCADE,
  appointment_type_id uuid NOT NULL REFERENCES appointment_types (id),
  created_by          uuid NOT NULL REFERENCES accounts (id),
  earliest            date NOT NULL,
  latest              date NOT NULL CHECK (latest >= earliest),
  status              text NOT NULL DEFAULT 'waiting'
                        CHECK (status IN ('waiting', 'offered', 'booked', 'cancelled', 'expired')),
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX waitlist_entries_queue_idx ON waitlist_entries (provider_id, created_at)
  WHERE status IN ('waiting', 'offered');
CREATE UNIQUE INDEX waitlist_entries_one_open_idx
  ON waitlist_entries (patient_id, provider_id, appointment_type_id)
  WHERE status IN ('waiting', 'offered');

-- A freed slot offered to someone waiting: the slot itself is held by an appointment row in
-- status 'held' (so nobody else can book it) until the offer is accepted, declined or expires.
CREATE TABLE waitlist_offers (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  entry_id       uuid NOT NULL REFERENCES waitlist_entries (id) ON DELETE CASCADE,
  appointment_id uuid NOT NULL REFERENCES appointments (id) ON DELETE CASCADE,
  expires_at     timestamptz NOT NULL,
  outcome        text CHECK (outcome IN ('accepted', 'declined', 'expired', 'withdrawn')),
  decided_at     timestamptz,
  created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX waitlist_offers_open_idx ON waitlist_offers (expires_at) WHERE outcome IS NULL;

-- Private iCalendar feed per person. The secret token is looked up by its SHA-256 and kept
-- encrypted (AES-256-GCM) so the person can see their subscription address again.
CREATE TABLE calendar_feeds (
  account_id      uuid PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
  token_hash      text NOT NULL UNIQUE,
  token_encrypted text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
