import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useRecordSummaryQuery } from '@carecircle/client';
import type { NewRecordEntry } from '@carecircle/core';
import { Alert, ButtonLink, LoadingState } from '../../ui/index.ts';
import { QueryErrorAlert } from '../booking/QueryErrorAlert.tsx';
import { AddEntryForm } from './AddEntryForm.tsx';
import { RecordsFrame } from './RecordsFrame.tsx';
import type { RecordsNotice } from './RecordsPage.tsx';

/** What a patient adds to their own record (prescriptions are for providers). */
export const PATIENT_KINDS: NewRecordEntry['kind'][] = [
  'result',
  'taking',
  'condition',
  'allergy',
  'immunization',
  'note',
];

/** Add to the record, then back to the record home with a confirmation. */
export function AddRecordEntryPage() {
  const { t } = useTranslation(['common', 'web']);
  return (
    <RecordsFrame title={t('web:records.add.title')} intro={t('web:records.add.intro')}>
      <AddEntry />
    </RecordsFrame>
  );
}

function AddEntry() {
  const { t } = useTranslation(['common', 'web']);
  const navigate = useNavigate();
  // The summary says whether the viewer may write (a caregiver never may).
  const summary = useRecordSummaryQuery();
  if (summary.isPending) return <LoadingState label={t('web:records.loading')} />;
  if (summary.isError) return <QueryErrorAlert title={t('web:records.failed')} query={summary} />;
  if (!summary.data.access.write) {
    return (
      <>
        <Alert tone="info" title={t('web:records.shared.readOnly')} />
        <ButtonLink to="/records" variant="secondary">
          {t('web:records.back')}
        </ButtonLink>
      </>
    );
  }
  return (
    <>
      <AddEntryForm
        kinds={PATIENT_KINDS}
        onDone={(entry) => {
          const state: RecordsNotice = {
            notice: t('web:records.add.saved', { title: entry.title }),
          };
          void navigate('/records', { state });
        }}
      />
      <p>
        <ButtonLink to="/records" variant="quiet">
          {t('web:records.add.cancel')}
        </ButtonLink>
      </p>
    </>
  );
}
