import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditSearchQuery } from '@carecircle/core';
import { useAuditSearchQuery } from '@carecircle/client';
import { formatDateTime } from '../../lib/format-date.ts';
import { usePreferences } from '../../lib/preferences.tsx';
import { Alert, Button, LoadingState, TextField } from '../../ui/index.ts';
import { AreaPage } from '../area-page.tsx';
import { useAdminRoles } from './use-admin-roles.ts';

/** /admin/audit: the auditor's search over the audit log. */
export function AdminAuditPage() {
  const { t } = useTranslation('web');
  const { locale } = usePreferences();
  const { isAuditor, ready } = useAdminRoles();
  const [query, setQuery] = useState<AuditSearchQuery>({});
  const results = useAuditSearchQuery(query, { enabled: isAuditor });

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const text = (name: string) => {
      const v = form.get(name);
      return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
    };
    const date = (name: string) => {
      const v = text(name);
      return v ? new Date(v).toISOString() : undefined;
    };
    setQuery({
      actorId: text('actorId'),
      patientId: text('patientId'),
      action: text('action'),
      from: date('from'),
      to: date('to'),
    });
  };

  return (
    <AreaPage title={t('adminArea.auditTitle')} intro={t('adminArea.auditIntro')}>
      {ready && !isAuditor && <Alert tone="info" title={t('adminArea.auditorsOnly')} />}
      {isAuditor && (
        <>
          <form onSubmit={submit} style={{ display: 'grid', gap: '0.75rem', maxWidth: '40rem' }}>
            <TextField name="actorId" label={t('adminArea.auditActor')} />
            <TextField name="patientId" label={t('adminArea.auditPatient')} />
            <TextField name="action" label={t('adminArea.auditAction')} />
            <TextField name="from" type="date" label={t('adminArea.auditFrom')} />
            <TextField name="to" type="date" label={t('adminArea.auditTo')} />
            <div>
              <Button type="submit">{t('adminArea.auditSearch')}</Button>
            </div>
          </form>
          {results.isPending && <LoadingState label={t('adminArea.loading')} />}
          {results.isError && <Alert tone="error" title={t('adminArea.failed')} />}
          {results.data?.items.length === 0 && <p>{t('adminArea.auditEmpty')}</p>}
          {results.data && results.data.items.length > 0 && (
            <div style={{ overflowX: 'auto' }}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('adminArea.auditColumns.when')}</th>
                    <th scope="col">{t('adminArea.auditColumns.who')}</th>
                    <th scope="col">{t('adminArea.auditColumns.what')}</th>
                    <th scope="col">{t('adminArea.auditColumns.whose')}</th>
                    <th scope="col">{t('adminArea.auditColumns.outcome')}</th>
                  </tr>
                </thead>
                <tbody>
                  {results.data.items.map((e) => (
                    <tr key={e.id}>
                      <td>{formatDateTime(new Date(e.occurredAt), { locale })}</td>
                      <td>
                        {e.actor?.name ?? t('adminArea.system')}
                        {e.onBehalfOf && ` → ${e.onBehalfOf.name}`}
                      </td>
                      <td>{e.action}</td>
                      <td>{e.patient?.name ?? '—'}</td>
                      <td>{e.outcome}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </AreaPage>
  );
}
