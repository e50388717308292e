import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import {
  useMySessionsQuery,
  useRevokeOtherSessionsMutation,
  useRevokeSessionMutation,
} from '@carecircle/client';
import { formatDateTime } from '../../lib/format-date.ts';
import { usePreferences } from '../../lib/preferences.tsx';
import { Alert, Button, Card, LoadingState } from '../../ui/index.ts';
import { useSessionState } from '../auth/SessionProvider.tsx';

/** Profile → "Where you're signed in": each app and device, with a way to sign it out. */
export function ActiveSessions() {
  const { t } = useTranslation('web');
  const { locale } = usePreferences();
  const { status } = useSessionState();
  const sessions = useMySessionsQuery({ enabled: status === 'signed-in' });
  const revoke = useRevokeSessionMutation();
  const revokeOthers = useRevokeOtherSessionsMutation();
  const [message, setMessage] = useState<string>();
  if (status !== 'signed-in') return null;
  const when = (iso: string) => formatDateTime(new Date(iso), { locale });
  const items = sessions.data?.items ?? [];

  return (
    <Card title={t('sessions.title')}>
      <p style={{ margin: 0 }}>{t('sessions.intro')}</p>
      {message && <Alert tone="success" title={message} />}
      {sessions.isPending && <LoadingState label={t('sessions.loading')} />}
      {sessions.isError && <Alert tone="error" title={t('sessions.failed')} />}
      <ul className="sessions-list" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {items.map((s) => (
          <li
            key={s.id}
            style={{ padding: '0.75rem 0', borderTop: '1px solid var(--cc-border, #ccc)' }}
          >
            <p style={{ margin: 0, fontWeight: 600 }}>
              {s.clientName}
              {s.current && ` · ${t('sessions.thisDevice')}`}
            </p>
            <p style={{ margin: 0 }}>
              {t('sessions.signedIn', { when: when(s.signedInAt) })}
              {s.lastUsedAt && ` · ${t('sessions.lastUsed', { when: when(s.lastUsedAt) })}`}
            </p>
            {!s.current && (
              <Button
                variant="secondary"
                disabled={revoke.isPending}
                onClick={() =>
                  revoke.mutate(s.id, { onSuccess: () => setMessage(t('sessions.done')) })
                }
              >
                {t('sessions.signOut', { name: s.clientName })}
              </Button>
            )}
          </li>
        ))}
      </ul>
      {items.some((s) => !s.current) && (
        <Button
          variant="secondary"
          disabled={revokeOthers.isPending}
          onClick={() =>
            revokeOthers.mutate(undefined, {
              onSuccess: (r) => setMessage(t('sessions.othersDone', { count: r.revoked })),
            })
          }
        >
          {t('sessions.signOutOthers')}
        </Button>
      )}
      <p style={{ margin: 0 }}>
        <Link to="/profile/access-history">{t('sessions.accessHistoryLink')}</Link>
      </p>
    </Card>
  );
}
