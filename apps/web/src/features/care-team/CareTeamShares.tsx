import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  ApiError,
  useCareSharesQuery,
  useEndCareShareMutation,
  useMeQuery,
  useProvidersQuery,
  useShareWithProviderMutation,
} from '@carecircle/client';
import { formatDateTime } from '../../lib/format-date.ts';
import { usePreferences } from '../../lib/preferences.tsx';
import { Alert, Button, Card, LoadingState, Select } from '../../ui/index.ts';
import { useSessionState } from '../auth/SessionProvider.tsx';
import { useActingFor } from '../sharing/ActingForProvider.tsx';
import './care-team.css';

/**
 * Profile → "Shared with your care team": the providers a patient shares their records with,
 * a way to share with one more, and a way to stop sharing (effective at once). Only for the
 * patient themselves, never while acting for someone.
 */
export function CareTeamShares() {
  const { t } = useTranslation('web');
  const { locale } = usePreferences();
  const { status } = useSessionState();
  const me = useMeQuery({ enabled: status === 'signed-in' });
  const { acting } = useActingFor();
  const visible = status === 'signed-in' && !acting && !!me.data?.roles.includes('patient');
  const shares = useCareSharesQuery({ enabled: visible });
  const providers = useProvidersQuery();
  const share = useShareWithProviderMutation();
  const end = useEndCareShareMutation();
  const [message, setMessage] = useState<string>();
  const [choice, setChoice] = useState('');
  if (!visible) return null;

  const items = shares.data?.items ?? [];
  const sharedWith = new Set(items.map((s) => s.provider.id));
  const options = (providers.data?.items ?? [])
    .filter((p) => !sharedWith.has(p.id))
    .map((p) => ({ value: p.id, label: `${p.name} — ${p.specialty}` }));
  const chosen = providers.data?.items.find((p) => p.id === choice);

  return (
    <Card title={t('careTeam.title')}>
      <p className="care-team__intro">{t('careTeam.intro')}</p>
      {message && <Alert tone="success" title={message} />}
      {(end.isError || share.isError) && (
        <Alert
          tone="error"
          title={end.isError ? t('careTeam.endFailed') : t('careTeam.shareFailed')}
        >
          {share.error instanceof ApiError ? share.error.message : undefined}
        </Alert>
      )}
      {shares.isPending && <LoadingState label={t('careTeam.loading')} />}
      {shares.isError && <Alert tone="error" title={t('careTeam.failed')} />}
      {shares.isSuccess && items.length === 0 && (
        <p className="care-team__intro">{t('careTeam.empty')}</p>
      )}
      <ul className="care-team__list">
        {items.map((s) => (
          <li key={s.id} className="care-team__item">
            <p className="care-team__name">{s.provider.name}</p>
            <p className="care-team__since">
              {t('careTeam.since', { when: formatDateTime(new Date(s.createdAt), { locale }) })}
            </p>
            <Button
              variant="secondary"
              disabled={end.isPending}
              onClick={() =>
                end.mutate(s.id, {
                  onSuccess: () => setMessage(t('careTeam.ended', { name: s.provider.name })),
                })
              }
            >
              {t('careTeam.end', { name: s.provider.name })}
            </Button>
          </li>
        ))}
      </ul>
      {options.length > 0 && (
        <form
          className="care-team__share"
          onSubmit={(e) => {
            e.preventDefault();
            if (!chosen) return;
            share.mutate(chosen.id, {
              onSuccess: () => {
                setMessage(t('careTeam.shared', { name: chosen.name }));
                setChoice('');
              },
            });
          }}
        >
          <Select
            label={t('careTeam.shareLabel')}
            description={t('careTeam.shareHelp')}
            options={[{ value: '', label: t('careTeam.choose') }, ...options]}
            value={choice}
            onChange={(e) => setChoice(e.target.value)}
          />
          <Button type="submit" disabled={!chosen || share.isPending}>
            {t('careTeam.share')}
          </Button>
        </form>
      )}
    </Card>
  );
}
