import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { AccountStatus } from '@carecircle/core';
import { useAdminAccountsQuery, useMeQuery, useVerifyProviderMutation } from '@carecircle/client';
import { useDebouncedValue } from '../../lib/use-debounced-value.ts';
import { Alert, Button, Card, LoadingState, Select, TextField } from '../../ui/index.ts';
import { AreaPage } from '../area-page.tsx';
import { useSessionState } from '../auth/SessionProvider.tsx';
import { AccountRow } from './AccountRow.tsx';
import { useAdminRoles } from './use-admin-roles.ts';

/** /admin: the pending providers queue and the account search. */
export function AdminPage() {
  const { t } = useTranslation('web');
  const { status } = useSessionState();
  const { isAdmin, isAuditor, ready } = useAdminRoles();
  const me = useMeQuery({ enabled: status === 'signed-in' });
  const [message, setMessage] = useState<string>();
  const [q, setQ] = useState('');
  const [accountStatus, setAccountStatus] = useState<AccountStatus | ''>('');
  const query = useDebouncedValue(q, 300);
  const pending = useAdminAccountsQuery(
    { status: 'pending', role: 'provider', limit: 50 },
    { enabled: isAdmin },
  );
  const search = useAdminAccountsQuery(
    { q: query || undefined, status: accountStatus || undefined },
    { enabled: isAdmin },
  );
  const verify = useVerifyProviderMutation();

  return (
    <AreaPage title={t('adminArea.title')} intro={t('adminArea.intro')}>
      {ready && !isAdmin && <Alert tone="info" title={t('adminArea.intro')} />}
      {isAuditor && (
        <p>
          <Link to="/admin/audit">{t('adminArea.auditLink')}</Link>
        </p>
      )}
      {isAdmin && (
        <p>
          <Link to="/admin/health-systems">{t('healthSystems.adminLink')}</Link>
        </p>
      )}
      {isAdmin && (
        <p>
          <Link to="/admin/smart-apps">{t('smartApps.adminLink')}</Link>
        </p>
      )}
      {isAdmin && (
        <div style={{ display: 'grid', gap: '1.5rem' }}>
          <div aria-live="polite">{message && <Alert tone="success" title={message} />}</div>
          <Card title={t('adminArea.pendingTitle')}>
            {pending.isPending && <LoadingState label={t('adminArea.loading')} />}
            {pending.isError && <Alert tone="error" title={t('adminArea.failed')} />}
            {pending.data?.items.length === 0 && <p>{t('adminArea.pendingEmpty')}</p>}
            <ul style={{ listStyle: 'none', padding: 0, margin: 0 }}>
              {pending.data?.items.map((a) => (
                <li key={a.id} style={{ padding: '0.75rem 0' }}>
                  <p style={{ margin: 0, fontWeight: 600 }}>{a.name}</p>
                  <p style={{ margin: 0 }}>
                    {a.email}
                    {a.provider && ` · ${a.provider.specialty} · ${a.provider.locationName}`}
                  </p>
                  <Button
                    disabled={verify.isPending}
                    onClick={() =>
                      verify.mutate(a.id, {
                        onSuccess: () => setMessage(t('adminArea.verified', { name: a.name })),
                      })
                    }
                  >
                    {t('adminArea.verify', { name: a.name })}
                  </Button>
                </li>
              ))}
            </ul>
          </Card>
          <Card title={t('adminArea.searchTitle')}>
            <TextField
              label={t('adminArea.searchLabel')}
              type="search"
              value={q}
              onChange={(e) => setQ(e.target.value)}
            />
            <Select
              label={t('adminArea.statusLabel')}
              value={accountStatus}
              options={[
                { value: '', label: t('adminArea.statusAny') },
                { value: 'pending', label: t('adminArea.status.pending') },
                { value: 'active', label: t('adminArea.status.active') },
                { value: 'disabled', label: t('adminArea.status.disabled') },
              ]}
              onChange={(e) => setAccountStatus(e.target.value as AccountStatus | '')}
            />
            {search.isPending && <LoadingState label={t('adminArea.loading')} />}
            {search.isError && <Alert tone="error" title={t('adminArea.failed')} />}
            {search.data?.items.length === 0 && <p>{t('adminArea.noResults')}</p>}
            <ul style={{ listStyle: 'none', padding: 0, margin: 0 }}>
              {search.data?.items.map((a) => (
                <AccountRow
                  key={a.id}
                  account={a}
                  isMe={a.id === me.data?.id}
                  onDone={setMessage}
                />
              ))}
            </ul>
          </Card>
        </div>
      )}
    </AreaPage>
  );
}
