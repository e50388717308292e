import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import {
  ApiError,
  useDeleteRecordEntry,
  useRecordEntryQuery,
  useRecordSummaryQuery,
  useSetRecordEntryStatus,
} from '@carecircle/client';
import { RecordResourceType, type RecordEntry } from '@carecircle/core';
import { usePreferences } from '../../lib/preferences.tsx';
import { Alert, Button, Heading, LoadingState } from '../../ui/index.ts';
import { AreaPage } from '../area-page.tsx';
import { QueryErrorAlert } from '../booking/QueryErrorAlert.tsx';
import { errorMessage } from '../booking/error-message.ts';
import { useSessionState } from '../auth/SessionProvider.tsx';
import { DocumentPreview } from './DocumentPreview.tsx';
import { InterpretationFlag, SourceLine, StatusMessage } from './RecordEntryParts.tsx';
import { BackToRecord, RecordsFrame, usePatientParam } from './RecordsFrame.tsx';
import type { RecordsNotice } from './RecordsPage.tsx';
import {
  formatRange,
  formatRecordDate,
  formatSize,
  formatValue,
  statusLabel,
} from './record-format.ts';
import './records.css';

type Status = 'active' | 'stopped' | 'resolved' | 'entered-in-error';

/** One entry: every field, where it came from, its versions, and what the viewer may change. */
export function RecordEntryPage() {
  const { t } = useTranslation(['common', 'web']);
  const { status } = useSessionState();
  const { resourceType = '', id = '' } = useParams();
  const type = RecordResourceType.safeParse(resourceType);
  if (status !== 'signed-in') return <RecordsFrame title={t('nav.records')}>{null}</RecordsFrame>;
  if (!type.success) {
    return (
      <AreaPage title={t('nav.records')}>
        <Alert tone="error" title={t('web:records.entry.notFound')} />
        <BackToRecord patientId={undefined} />
      </AreaPage>
    );
  }
  return <EntryLoader resourceType={type.data} id={id} />;
}

function EntryLoader({ resourceType, id }: { resourceType: RecordResourceType; id: string }) {
  const { t } = useTranslation(['common', 'web']);
  const patientId = usePatientParam();
  const entry = useRecordEntryQuery(resourceType, id, patientId);
  if (entry.isPending) {
    return (
      <AreaPage title={t('nav.records')}>
        <LoadingState label={t('web:records.entry.loading')} />
      </AreaPage>
    );
  }
  if (entry.isError) {
    const missing = entry.error instanceof ApiError && entry.error.status === 404;
    return (
      <AreaPage title={t('nav.records')}>
        {missing ? (
          <Alert tone="error" title={t('web:records.entry.notFound')} />
        ) : (
          <QueryErrorAlert title={t('web:records.entry.failed')} query={entry} />
        )}
        <BackToRecord patientId={patientId} />
      </AreaPage>
    );
  }
  return (
    <EntryDetail entry={entry.data.entry} versions={entry.data.versions} patientId={patientId} />
  );
}

function EntryDetail({
  entry,
  versions,
  patientId,
}: {
  entry: RecordEntry;
  versions: {
    version: number;
    at: string;
    by: { id: string; name: string } | null;
    change: 'created' | 'updated' | 'deleted';
  }[];
  patientId: string | undefined;
}) {
  const { t } = useTranslation(['common', 'web']);
  const { locale } = usePreferences();
  const navigate = useNavigate();
  const summary = useRecordSummaryQuery(patientId);
  const canWrite = summary.data?.access.write === true;
  const setStatus = useSetRecordEntryStatus(patientId);
  const remove = useDeleteRecordEntry(patientId);
  const [confirming, setConfirming] = useState(false);
  const [changed, setChanged] = useState<string>();
  const confirmRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (confirming) confirmRef.current?.querySelector<HTMLElement>('button')?.focus();
  }, [confirming]);

  const change = (status: Status) => {
    setChanged(undefined);
    setStatus.mutate(
      { resourceType: entry.resourceType, id: entry.id, status },
      {
        onSuccess: (next) =>
          setChanged(
            t('web:records.entry.changed', { status: statusLabel(next.status ?? status, t) }),
          ),
      },
    );
  };
  const doDelete = () =>
    remove.mutate(
      { resourceType: entry.resourceType, id: entry.id },
      {
        onSuccess: () => {
          const state: RecordsNotice = {
            notice: t('web:records.entry.deleted', { title: entry.title }),
          };
          if (patientId) void navigate(-1);
          else void navigate('/records', { state });
        },
      },
    );

  const status = entry.status;
  const isMedication = entry.category === 'medication';
  const isCondition = entry.category === 'condition';
  const unit = entry.value?.unit ?? null;
  const range = formatRange(entry.referenceRange, unit, locale, t);
  const facts: [string, ReactNode][] = [
    [t('web:records.entry.kind'), t(`web:records.category.${entry.category}`)],
    [t('web:records.entry.status'), statusLabel(status, t)],
    [t('web:records.entry.date'), formatRecordDate(entry.date, locale)],
    [t('web:records.entry.value'), entry.value ? formatValue(entry.value, locale) : ''],
    [t('web:records.entry.range'), range],
    [
      t('web:records.entry.interpretation'),
      entry.interpretation ? <InterpretationFlag interpretation={entry.interpretation} /> : '',
    ],
    [t('web:records.entry.details'), entry.details ?? ''],
    [
      t('web:records.entry.code'),
      entry.code
        ? [
            entry.code.display,
            entry.code.system ? `${entry.code.system}|${entry.code.code}` : entry.code.code,
          ]
            .filter(Boolean)
            .join(' · ')
        : '',
    ],
    [
      t('web:records.documents.size'),
      entry.document ? formatSize(entry.document.size, locale) : '',
    ],
    [t('web:records.entry.source'), <SourceLine key="source" source={entry.source} />],
    [
      t('web:records.entry.updated'),
      `${formatRecordDate(entry.updatedAt, locale)} · ${t('web:records.entry.version', {
        version: entry.version,
      })}`,
    ],
  ];

  return (
    <AreaPage title={entry.title} pageName={entry.title}>
      <StatusMessage message={changed} />
      <section aria-labelledby="entry-facts" className="record-panel">
        <Heading level={2} id="entry-facts">
          {t('web:records.entry.facts')}
        </Heading>
        <dl className="record-facts">
          {facts
            .filter(([, value]) => value !== '')
            .map(([label, value]) => (
              <div key={label} style={{ display: 'contents' }}>
                <dt>{label}</dt>
                <dd>{value}</dd>
              </div>
            ))}
        </dl>
      </section>
      {entry.document ? (
        <section aria-labelledby="entry-document" className="record-panel">
          <Heading level={2} id="entry-document">
            {t('web:records.entry.document')}
          </Heading>
          <DocumentPreview document={entry.document} patientId={patientId} />
        </section>
      ) : null}
      {canWrite && status !== 'entered-in-error' ? (
        <section aria-labelledby="entry-actions" className="record-panel">
          <Heading level={2} id="entry-actions">
            {t('web:records.entry.actions')}
          </Heading>
          <div className="record-actions">
            {isMedication && status !== 'stopped' && status !== 'completed' ? (
              <Button disabled={setStatus.isPending} onClick={() => change('stopped')}>
                {t('web:records.entry.stop')}
              </Button>
            ) : null}
            {isCondition && status !== 'resolved' ? (
              <Button disabled={setStatus.isPending} onClick={() => change('resolved')}>
                {t('web:records.entry.resolve')}
              </Button>
            ) : null}
            {isCondition && status === 'resolved' ? (
              <Button disabled={setStatus.isPending} onClick={() => change('active')}>
                {t('web:records.entry.reactivate')}
              </Button>
            ) : null}
            <Button
              variant="secondary"
              disabled={setStatus.isPending}
              onClick={() => change('entered-in-error')}
            >
              {t('web:records.entry.error')}
            </Button>
            <Button
              variant="secondary"
              aria-expanded={confirming}
              onClick={() => setConfirming(true)}
            >
              {t('web:records.entry.delete')}
            </Button>
          </div>
          {confirming ? (
            <div ref={confirmRef}>
              <Alert
                tone="info"
                title={t('web:records.entry.deleteConfirm', { title: entry.title })}
                action={
                  <div className="record-actions">
                    <Button disabled={remove.isPending} onClick={doDelete}>
                      {t('web:records.entry.deleteYes')}
                    </Button>
                    <Button variant="secondary" onClick={() => setConfirming(false)}>
                      {t('web:records.entry.deleteNo')}
                    </Button>
                  </div>
                }
              />
            </div>
          ) : null}
          {setStatus.isError || remove.isError ? (
            <Alert tone="error" title={t('web:records.entry.changeFailed')}>
              <p>{errorMessage(setStatus.error ?? remove.error, t)}</p>
            </Alert>
          ) : null}
        </section>
      ) : null}
      <section aria-labelledby="entry-history" className="record-panel">
        <Heading level={2} id="entry-history">
          {t('web:records.entry.history')}
        </Heading>
        {versions.length === 0 ? (
          <p className="record-muted">{t('web:records.entry.historyEmpty')}</p>
        ) : (
          <ol className="record-list">
            {versions.map((v) => (
              <li key={v.version} className="record-list__item">
                {t(`web:records.entry.change.${v.change}`, {
                  name: v.by?.name ?? t('web:records.entry.someone'),
                  date: formatRecordDate(v.at, locale),
                })}{' '}
                <span className="record-muted">
                  ({t('web:records.entry.version', { version: v.version })})
                </span>
              </li>
            ))}
          </ol>
        )}
      </section>
      <BackToRecord patientId={patientId} />
    </AreaPage>
  );
}
