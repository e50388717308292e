import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Modality, ProviderSummary } from '@carecircle/core';
import { useUpdatePracticeProfileMutation } from '@carecircle/client';
import { languageName } from '../../lib/language-name.ts';
import { Card, CheckboxGroup, Select, TextField } from '../../ui/index.ts';
import { PracticeForm, usePracticeForm } from './PracticeForm.tsx';
import { problemFieldErrors } from './problem-fields.ts';
import { TextAreaField } from '../../ui/TextAreaField.tsx';

const fields = [
  'specialty',
  'languages',
  'modalities',
  'bio',
  'location.name',
  'location.address',
  'location.timeZone',
] as const;
type Field = (typeof fields)[number];
const modalities: readonly Modality[] = ['in_person', 'video', 'phone'];

function timeZones(current: string): string[] {
  let zones: string[];
  try {
    zones = Intl.supportedValuesOf('timeZone');
  } catch {
    zones = [];
  }
  return zones.includes(current) ? zones : [current, ...zones];
}

/** The profile fields of a provider, before one is saved. */
export type ProfileDraft = Omit<ProviderSummary, 'id' | 'name'>;

/** Creates or changes the provider's public profile; server field errors show by their field. */
export function PracticeProfileForm({
  profile,
  onSaved,
}: {
  profile: ProfileDraft;
  onSaved?: (saved: ProviderSummary) => void;
}) {
  const { t, i18n } = useTranslation('web');
  const save = useUpdatePracticeProfileMutation();
  const [specialty, setSpecialty] = useState(profile.specialty);
  const [languages, setLanguages] = useState(profile.languages.join(', '));
  const [chosen, setChosen] = useState<string[]>(profile.modalities);
  const [bio, setBio] = useState(profile.bio);
  const [clinicName, setClinicName] = useState(profile.location.name);
  const [address, setAddress] = useState(profile.location.address);
  const [timeZone, setTimeZone] = useState(profile.location.timeZone);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const { formRef, message, setMessage, focusInvalid, saveFailed } = usePracticeForm();
  const zoneOptions = useMemo(
    () =>
      timeZones(profile.location.timeZone).map((z) => ({ value: z, label: z.replace(/_/g, ' ') })),
    [profile.location.timeZone],
  );
  const zoneError = errors['location.timeZone'];
  // Some 400 zones: rendered again only when the zone or its error changes, not on every key.
  const zoneSelect = useMemo(
    () => (
      <Select
        label={t('practice.profile.timeZone')}
        description={t('practice.profile.timeZoneHelp')}
        value={timeZone}
        options={zoneOptions}
        error={zoneError}
        onChange={(e) => setTimeZone(e.target.value)}
      />
    ),
    [t, timeZone, zoneOptions, zoneError],
  );
  const languageList = languages
    .split(/[,\s]+/)
    .map((l) => l.trim())
    .filter(Boolean);

  const submit = () => {
    setMessage(undefined);
    const found: typeof errors = {};
    const required = t('practice.profile.required');
    if (!specialty.trim()) found.specialty = required;
    if (languageList.length === 0) found.languages = required;
    if (chosen.length === 0) found.modalities = t('practice.profile.pickOne');
    if (!clinicName.trim()) found['location.name'] = required;
    if (!address.trim()) found['location.address'] = required;
    setErrors(found);
    if (Object.keys(found).length > 0) {
      focusInvalid();
      return;
    }
    save.mutate(
      {
        specialty: specialty.trim(),
        languages: languageList,
        modalities: modalities.filter((m) => chosen.includes(m)),
        bio: bio.trim(),
        location: { name: clinicName.trim(), address: address.trim(), timeZone },
      },
      {
        onSuccess: (saved) => {
          setMessage({ tone: 'success', text: t('practice.profile.saved') });
          onSaved?.(saved);
        },
        onError: (err) => {
          const byPath = problemFieldErrors(err);
          const mapped: typeof errors = {};
          for (const [path, text] of Object.entries(byPath)) {
            // languages.2 → languages; location.timeZone stays as it is.
            const field = fields.find((f) => path === f || path.startsWith(`${f}.`));
            if (field) mapped[field] ??= text;
          }
          setErrors(mapped);
          saveFailed();
        },
      },
    );
  };

  return (
    <Card>
      <PracticeForm
        formRef={formRef}
        message={message}
        onSubmit={submit}
        submitLabel={t('practice.profile.save')}
        pending={save.isPending}
      >
        <TextField
          label={t('practice.profile.specialty')}
          description={t('practice.profile.specialtyHelp')}
          value={specialty}
          maxLength={100}
          error={errors.specialty}
          onChange={(e) => setSpecialty(e.target.value)}
        />
        <TextField
          label={t('practice.profile.languages')}
          description={
            languageList.length > 0
              ? `${t('practice.profile.languagesHelp')} ${t('practice.profile.languagesShown', {
                  names: languageList.map((l) => languageName(l, i18n.language)).join(', '),
                })}`
              : t('practice.profile.languagesHelp')
          }
          value={languages}
          error={errors.languages}
          onChange={(e) => setLanguages(e.target.value)}
        />
        <CheckboxGroup
          legend={t('practice.profile.modalities')}
          values={chosen}
          error={errors.modalities}
          firstId="practice-profile-modalities"
          options={modalities.map((m) => ({ value: m, label: t(`modality.${m}`) }))}
          onChange={setChosen}
        />
        <TextAreaField
          label={t('practice.profile.bio')}
          description={t('practice.profile.bioHelp')}
          value={bio}
          rows={4}
          maxLength={2000}
          error={errors.bio}
          onChange={(e) => setBio(e.target.value)}
        />
        <TextField
          label={t('practice.profile.clinicName')}
          value={clinicName}
          maxLength={200}
          autoComplete="organization"
          error={errors['location.name']}
          onChange={(e) => setClinicName(e.target.value)}
        />
        <TextAreaField
          label={t('practice.profile.clinicAddress')}
          value={address}
          rows={2}
          maxLength={500}
          error={errors['location.address']}
          onChange={(e) => setAddress(e.target.value)}
        />
        {zoneSelect}
      </PracticeForm>
    </Card>
  );
}
