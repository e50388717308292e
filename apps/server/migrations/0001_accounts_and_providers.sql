-- People who use CareCircle. One person may hold several roles.
CREATE TABLE accounts (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email             text NOT NULL,
  name              text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  roles             text[] NOT NULL CHECK (
                      cardinality(roles) > 0
                      AND roles <@ ARRAY['patient', 'caregiver', 'provider', 'volunteer', 'admin']::text[]),
  status            text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'pending', 'disabled')),
  password_hash     text,
  email_verified_at timestamptz,
  locale            text NOT NULL DEFAULT 'en' CHECK (locale IN ('en', 'es')),
  time_zone         text NOT NULL DEFAULT 'UTC',
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX accounts_email_key ON accounts (lower(email));

-- A provider's public profile: what patients search on.
CREATE TABLE providers (
  account_id        uuid PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
  specialty         text NOT NULL CHECK (length(specialty) BETWEEN 1 AND 100),
  languages         text[] NOT NULL DEFAULT ARRAY['en']::text[],
  modalities        text[] NOT NULL CHECK (
                      cardinality(modalities) > 0
                      AND modalities <@ ARRAY['in_person', 'video', 'phone']::text[]),
  location_name     text NOT NULL,
  location_address  text NOT NULL,
  time_zone         text NOT NULL,
  bio               text NOT NULL DEFAULT '',
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX providers_specialty_idx ON providers (lower(specialty));

-- Weekly working hours, in the provider's own time zone (wall-clock times).
CREATE TABLE provider_weekly_hours (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  provider_id uuid NOT NULL REFERENCES providers (account_id) ON DELETE CASCADE,
  weekday     smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7), -- ISO: 1 = Monday
  start_time  time NOT NULL,
  end_time    time NOT NULL,
  CHECK (start_time < end_time)
);
CREATE INDEX provider_weekly_hours_provider_idx ON provider_weekly_hours (provider_id, weekday);
