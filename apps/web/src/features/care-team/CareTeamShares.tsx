import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApiClient, useMeQuery } from '@carecircle/client';
import { endCareShareEndpoint, listCareSharesEndpoint } from '@carecircle/core';
import { formatDateTime } from '../../lib/format-date.ts';
import { usePreferences } from '../../lib/preferences.tsx';
import { Alert, Button, Card, LoadingState } from '../../ui/index.ts';
import { useSessionState } from '../auth/SessionProvider.tsx';
import { useActingFor } from '../sharing/ActingForProvider.tsx';

const careShareKeys = { mine: () => ['me', 'care-shares'] as const };

/**
 * Profile → "Shared with your care team": the providers a patient shares their records with,
 * each with a way to stop sharing (effective at once). Only for the patient themselves.
 */
export function CareTeamShares() {
  const { t } = useTranslation('web');
  const { locale } = usePreferences();
  const { status } = useSessionState();
  const me = useMeQuery({ enabled: status === 'signed-in' });
  const { acting } = useActingFor();
  const api = useApiClient();
  const queryClient = useQueryClient();
  const visible = status === 'signed-in' && !acting && !!me.data?.roles.includes('patient');
  const shares = useQuery({
    queryKey: careShareKeys.mine(),
    queryFn: ({ signal }) => api.call(listCareSharesEndpoint, { signal }),
    enabled: visible,
  });
  const end = useMutation({
    mutationFn: (shareId: string) => api.call(endCareShareEndpoint, { params: { shareId } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: careShareKeys.mine() }),
  });
  const [message, setMessage] = useState<string>();
  if (!visible) return null;
  const items = shares.data?.items ?? [];

  return (
    <Card title={t('careTeam.title')}>
      <p style={{ margin: 0 }}>{t('careTeam.intro')}</p>
      {message && <Alert tone="success" title={message} />}
      {end.isError && <Alert tone="error" title={t('careTeam.endFailed')} />}
      {shares.isPending && <LoadingState label={t('careTeam.loading')} />}
      {shares.isError && <Alert tone="error" title={t('careTeam.failed')} />}
      {shares.isSuccess && items.length === 0 && <p style={{ margin: 0 }}>{t('careTeam.empty')}</p>}
      <ul style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {items.map((s) => (
          <li
            key={s.id}
            style={{ padding: '0.75rem 0', borderTop: '1px solid var(--cc-border, #ccc)' }}
          >
            <p style={{ margin: 0, fontWeight: 600 }}>{s.provider.name}</p>
            <p style={{ margin: 0 }}>
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
    </Card>
  );
}
