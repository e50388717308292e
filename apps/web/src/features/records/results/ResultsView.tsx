import { useTranslation } from 'react-i18next';
import { useRecordSummaryQuery } from '@carecircle/client';
import { Alert, Button, EmptyState, IconRecords, LoadingState } from '../../../ui/index.ts';
import { ResultsTable } from './ResultsTable.tsx';
import './results.css';

/**
 * The latest results of a record: the signed-in person's, the patient a caregiver acts for
 * (X-Acting-For is sent by the API client), or `patientId` in a provider's chart.
 */
export function ResultsView({ patientId }: { patientId?: string }) {
  const { t } = useTranslation('web');
  const summary = useRecordSummaryQuery(patientId);
  if (summary.isPending) return <LoadingState label={t('results.loading')} />;
  if (summary.isError) {
    return (
      <Alert
        tone="error"
        title={t('results.failed')}
        action={
          <Button variant="secondary" onClick={() => void summary.refetch()}>
            {t('results.retry')}
          </Button>
        }
      />
    );
  }
  if (!summary.data.access.records) return <Alert tone="info" title={t('results.noAccess')} />;
  if (summary.data.latestResults.length === 0) {
    return (
      <EmptyState
        icon={<IconRecords />}
        title={t('results.emptyTitle')}
        body={t('results.emptyBody')}
      />
    );
  }
  return <ResultsTable results={summary.data.latestResults} patientId={patientId} />;
}
