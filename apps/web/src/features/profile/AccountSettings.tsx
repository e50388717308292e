import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, useMeQuery, useUpdateMeMutation } from '@carecircle/client';
import type { Locale, Me } from '@carecircle/core';
import { isLocale } from '../../lib/locale.ts';
import { usePreferenceOptions } from '../../lib/use-preference-options.ts';
import { Alert, Button, Card, LoadingState, RadioGroup, Select } from '../../ui/index.ts';
import { useSessionState } from '../auth/SessionProvider.tsx';

/** Every zone this browser knows, for the select (its own zone first). */
function zoneOptions(current: string, device: string): { value: string; label: string }[] {
  const known =
    typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  const zones = [...new Set([device, current, ...known, 'UTC'])].filter(Boolean);
  return zones.map((z) => ({ value: z, label: z.replace(/_/g, ' ') }));
}

/**
 * "Time zone and e-mail language" on the Profile page: the account's own settings (not this
 * device's), which reminders, medicine times, quiet hours, e-mails and push use.
 */
export function AccountSettings() {
  const { status } = useSessionState();
  const { t } = useTranslation('web');
  const me = useMeQuery({ enabled: status === 'signed-in' });
  if (status !== 'signed-in') return null;
  return (
    <Card title={t('profile.account.title')}>
      {me.isPending ? (
        <LoadingState label={t('profile.account.loading')} />
      ) : me.isError ? (
        <Alert tone="error" title={t('profile.account.loadError')} />
      ) : (
        <AccountSettingsForm me={me.data} />
      )}
    </Card>
  );
}

function AccountSettingsForm({ me }: { me: Me }) {
  const { t } = useTranslation('web');
  const options = usePreferenceOptions();
  const update = useUpdateMeMutation();
  const device = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const [timeZone, setTimeZone] = useState(me.timeZone);
  const [locale, setLocale] = useState<Locale>(me.locale);
  const [saved, setSaved] = useState(false);
  const statusId = useId();
  const fieldError = (path: string) =>
    update.error instanceof ApiError
      ? update.error.problem.errors?.find((e) => e.path === path)?.message
      : undefined;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    update.mutate({ timeZone, locale }, { onSuccess: () => setSaved(true) });
  };

  return (
    <form onSubmit={submit} noValidate aria-describedby={statusId}>
      <p>{t('profile.account.intro')}</p>
      <Select
        label={t('profile.account.timeZone')}
        description={t('profile.account.timeZoneHelp')}
        options={zoneOptions(me.timeZone, device)}
        value={timeZone}
        error={fieldError('body.timeZone')}
        onChange={(e) => setTimeZone(e.target.value)}
      />
      {device && device !== timeZone ? (
        <Button variant="secondary" type="button" onClick={() => setTimeZone(device)}>
          {t('profile.account.useDeviceZone', { zone: device.replace(/_/g, ' ') })}
        </Button>
      ) : null}
      <RadioGroup
        name="account-language"
        legend={t('profile.account.language')}
        description={t('profile.account.languageHelp')}
        options={options.languages}
        value={locale}
        onChange={(value) => {
          if (isLocale(value)) setLocale(value);
        }}
      />
      <Button type="submit" disabled={update.isPending}>
        {update.isPending ? t('profile.account.saving') : t('profile.account.save')}
      </Button>
      <p id={statusId} role="status">
        {saved ? t('profile.account.saved') : ''}
      </p>
      {update.isError && !fieldError('body.timeZone') ? (
        <Alert tone="error" title={t('profile.account.saveError')} />
      ) : null}
    </form>
  );
}
