import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useRecordSummaryQuery, useRecordTimelineInfiniteQuery } from '@carecircle/client';
import type { RecordEntry } from '@carecircle/core';
import { usePreferences } from '../../lib/preferences.tsx';
import { Button, Heading, LoadingState } from '../../ui/index.ts';
import { QueryErrorAlert } from '../booking/QueryErrorAlert.tsx';
import { DocumentPreview } from './DocumentPreview.tsx';
import { DocumentUploadForm } from './DocumentUploadForm.tsx';
import { SourceLine, StatusMessage } from './RecordEntryParts.tsx';
import { BackToRecord, RecordsFrame, usePatientParam } from './RecordsFrame.tsx';
import { entryPath, formatRecordDate, formatSize } from './record-format.ts';
import './records.css';

/** The record's documents: list with previews, and an upload form for those who may write. */
export function DocumentsPage() {
  const { t } = useTranslation(['common', 'web']);
  return (
    <RecordsFrame title={t('web:records.documents.title')} intro={t('web:records.documents.intro')}>
      <Documents />
    </RecordsFrame>
  );
}

function Documents() {
  const { t } = useTranslation(['common', 'web']);
  const patientId = usePatientParam();
  const summary = useRecordSummaryQuery(patientId);
  const list = useRecordTimelineInfiniteQuery({ patientId, category: 'document' });
  const [uploaded, setUploaded] = useState<string>();
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <>
      <StatusMessage message={uploaded} />
      {summary.data?.access.write ? (
        <DocumentUploadForm
          patientId={patientId}
          onUploaded={(entry) =>
            setUploaded(t('web:records.documents.upload.uploaded', { title: entry.title }))
          }
        />
      ) : null}
      <section aria-labelledby="documents-list" className="record-month">
        <Heading level={2} id="documents-list">
          {t('web:records.documents.list')}
        </Heading>
        {list.isPending ? <LoadingState label={t('web:records.documents.loading')} /> : null}
        {list.isError && items.length === 0 ? (
          <QueryErrorAlert title={t('web:records.documents.failed')} query={list} />
        ) : null}
        {list.isSuccess && items.length === 0 ? (
          <p className="record-muted">{t('web:records.documents.empty')}</p>
        ) : null}
        {items.length > 0 ? (
          <ul className="record-list">
            {items.map((entry) => (
              <DocumentItem key={entry.id} entry={entry} patientId={patientId} />
            ))}
          </ul>
        ) : null}
        {list.hasNextPage ? (
          <p>
            <Button
              variant="secondary"
              disabled={list.isFetchingNextPage}
              onClick={() => void list.fetchNextPage()}
            >
              {list.isFetchingNextPage
                ? t('web:records.timeline.loadingMore')
                : t('web:records.timeline.more')}
            </Button>
          </p>
        ) : null}
      </section>
      <BackToRecord patientId={patientId} />
    </>
  );
}

function DocumentItem({ entry, patientId }: { entry: RecordEntry; patientId?: string }) {
  const { t } = useTranslation(['common', 'web']);
  const { locale } = usePreferences();
  const [open, setOpen] = useState(false);
  const doc = entry.document;
  const previewId = `preview-${entry.id}`;
  return (
    <li className="record-list__item">
      <Link to={entryPath(entry, patientId)} className="record-list__title">
        {entry.title}
      </Link>
      <span className="record-list__facts">
        {entry.date ? (
          <span>
            {t('web:records.documents.date')}: {formatRecordDate(entry.date, locale)}
          </span>
        ) : null}
        {doc ? (
          <>
            <span>
              {t('web:records.documents.type')}:{' '}
              {t(
                `web:records.documents.types.${doc.contentType}` as 'web:records.documents.types.text/plain',
                { defaultValue: doc.contentType },
              )}
            </span>
            <span>
              {t('web:records.documents.size')}: {formatSize(doc.size, locale)}
            </span>
          </>
        ) : null}
      </span>
      <SourceLine source={entry.source} />
      {doc ? (
        <>
          <div>
            <Button
              variant="secondary"
              aria-expanded={open}
              aria-controls={previewId}
              aria-label={
                open
                  ? `${t('web:records.documents.hidePreview')}: ${entry.title}`
                  : `${t('web:records.documents.preview')}: ${entry.title}`
              }
              onClick={() => setOpen((o) => !o)}
            >
              {open ? t('web:records.documents.hidePreview') : t('web:records.documents.preview')}
            </Button>
          </div>
          <div id={previewId}>
            {open ? <DocumentPreview document={doc} patientId={patientId} /> : null}
          </div>
        </>
      ) : null}
    </li>
  );
}
