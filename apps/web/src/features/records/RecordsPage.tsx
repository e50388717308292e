import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { useRecordExportMutation, useRecordSummaryQuery } from '@carecircle/client';
import type { RecordSummary } from '@carecircle/core';
import {
  Alert,
  Button,
  ButtonLink,
  EmptyState,
  IconRecords,
  LoadingState,
} from '../../ui/index.ts';
import { saveFile } from '../appointments/save-file.ts';
import { QueryErrorAlert } from '../booking/QueryErrorAlert.tsx';
import { errorMessage } from '../booking/error-message.ts';
import { ConnectHealthSystemLink } from '../connect/ConnectHealthSystemLink.tsx';
import { useActingFor } from '../sharing/ActingForProvider.tsx';
import { StatusMessage } from './RecordEntryParts.tsx';
import { RecordSummarySections } from './RecordSummarySections.tsx';
import { RecordsFrame } from './RecordsFrame.tsx';
import { localDay } from './record-format.ts';
import './records.css';

/** What the record pages tell the home page after a change (router state). */
export interface RecordsNotice {
  notice?: string;
}

/** The record home: whose record, what is in it (what the viewer may see), and what to do. */
export function RecordsPage() {
  const { t } = useTranslation(['common', 'web']);
  const { acting } = useActingFor();
  return (
    <RecordsFrame
      title={
        acting ? t('web:records.titleOf', { name: acting.patient.name }) : t('web:records.title')
      }
      intro={
        acting ? t('web:records.introOf', { name: acting.patient.name }) : t('web:records.intro')
      }
    >
      <RecordHome />
    </RecordsFrame>
  );
}

function RecordHome() {
  const { t } = useTranslation(['common', 'web']);
  const location = useLocation();
  const summary = useRecordSummaryQuery();
  const [notice] = useState(() => (location.state as RecordsNotice | null)?.notice);

  if (summary.isPending) return <LoadingState label={t('web:records.loading')} />;
  if (summary.isError) return <QueryErrorAlert title={t('web:records.failed')} query={summary} />;
  return <RecordHomeContent summary={summary.data} notice={notice} />;
}

function isEmpty(s: RecordSummary): boolean {
  return [
    s.conditions,
    s.medications,
    s.allergies,
    s.immunizations,
    s.latestResults,
    s.documents,
  ].every((list) => list.length === 0);
}

function RecordHomeContent({ summary, notice }: { summary: RecordSummary; notice?: string }) {
  const { t } = useTranslation(['common', 'web']);
  const { acting } = useActingFor();
  const exportFile = useRecordExportMutation();
  const [exported, setExported] = useState<string>();
  const { access } = summary;
  const name = summary.patient.name;

  const download = () => {
    setExported(undefined);
    exportFile.mutate(undefined, {
      onSuccess: (blob) => {
        const file = `carecircle-record-${localDay()}.json`;
        saveFile(blob, file);
        setExported(t('web:records.actions.exported', { file }));
      },
    });
  };

  const addLink = access.write ? (
    <ButtonLink to="/records/add" icon={<IconRecords />}>
      {acting ? t('web:records.actions.addFor') : t('web:records.actions.add')}
    </ButtonLink>
  ) : null;

  return (
    <>
      <StatusMessage message={exported ?? notice} />
      {acting && !access.records && access.medications ? (
        <p>{t('web:records.shared.medicationsOnly', { name })}</p>
      ) : null}
      {acting && !access.records && !access.medications ? (
        <p>{t('web:records.shared.nothing', { name })}</p>
      ) : null}
      {acting && !access.write && (access.records || access.medications) ? (
        <p className="record-muted">{t('web:records.shared.readOnly')}</p>
      ) : null}
      <nav aria-label={t('web:records.actions.label')}>
        <ul className="record-actions">
          {addLink ? <li>{addLink}</li> : null}
          {access.records ? (
            <>
              <li>
                <ButtonLink to="/records/documents" variant="secondary">
                  {t('web:records.actions.documents')}
                </ButtonLink>
              </li>
              <li>
                <ButtonLink to="/records/results" variant="secondary">
                  {t('web:records.actions.results')}
                </ButtonLink>
              </li>
            </>
          ) : null}
          {access.records || access.medications ? (
            <li>
              <ButtonLink to="/records/timeline" variant="secondary">
                {t('web:records.actions.timeline')}
              </ButtonLink>
            </li>
          ) : null}
          {access.write ? (
            <li>
              <ButtonLink to="/records/import" variant="secondary">
                {t('web:records.actions.import')}
              </ButtonLink>
            </li>
          ) : null}
          {access.write && !acting ? (
            <li>
              <ConnectHealthSystemLink />
            </li>
          ) : null}
          {access.records && !acting ? (
            <li>
              <Button variant="secondary" disabled={exportFile.isPending} onClick={download}>
                {exportFile.isPending
                  ? t('web:records.actions.exporting')
                  : t('web:records.actions.export')}
              </Button>
            </li>
          ) : null}
          {!acting ? (
            <li>
              <ButtonLink to="/profile/access-history" variant="quiet">
                {t('web:records.actions.accessHistory')}
              </ButtonLink>
            </li>
          ) : null}
        </ul>
      </nav>
      {exportFile.isError ? (
        <Alert tone="error" title={t('web:records.actions.exportFailed')}>
          <p>{errorMessage(exportFile.error, t)}</p>
        </Alert>
      ) : null}
      {access.records && isEmpty(summary) ? (
        <EmptyState
          icon={<IconRecords />}
          title={acting ? t('empty.records.title') : t('web:records.empty.title')}
          body={acting ? t('web:records.empty.bodyOf') : t('web:records.empty.body')}
          action={addLink}
        />
      ) : (
        <RecordSummarySections summary={summary} />
      )}
    </>
  );
}
