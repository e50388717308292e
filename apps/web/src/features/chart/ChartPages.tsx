import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../ui/index.ts';
import { AddEntryForm } from '../records/AddEntryForm.tsx';
import { RecordSummarySections } from '../records/RecordSummarySections.tsx';
import { resultsPath } from '../records/results/result-format.ts';
import { ResultsView } from '../records/results/ResultsView.tsx';
import { TrendView } from '../records/results/TrendView.tsx';
import { ChartFrame } from './ChartFrame.tsx';
import { ChartTimeline } from './ChartTimeline.tsx';

/** What a provider may add to a chart. */
const CHART_KINDS = [
  'result',
  'prescription',
  'note',
  'condition',
  'allergy',
  'immunization',
] as const;

/** /practice/patients/:patientId — the record summary. */
export function ChartSummaryPage() {
  return (
    <ChartFrame section="summary">
      {(summary, patientId) => <RecordSummarySections summary={summary} patientId={patientId} />}
    </ChartFrame>
  );
}

/** /practice/patients/:patientId/results — latest results. */
export function ChartResultsPage() {
  return (
    <ChartFrame section="results">
      {(_, patientId) => <ResultsView patientId={patientId} />}
    </ChartFrame>
  );
}

/** /practice/patients/:patientId/results/:code — one test over time. */
export function ChartTrendPage() {
  const { t } = useTranslation('web');
  const { code = '' } = useParams();
  return (
    <ChartFrame section="results">
      {(_, patientId) => (
        <>
          <p className="chart__back">
            <Link to={resultsPath(patientId)}>{t('results.trend.back')}</Link>
          </p>
          <TrendView code={code} patientId={patientId} showTitle />
        </>
      )}
    </ChartFrame>
  );
}

/** /practice/patients/:patientId/timeline — everything, newest first. */
export function ChartTimelinePage() {
  return (
    <ChartFrame section="timeline">
      {(_, patientId) => <ChartTimeline patientId={patientId} />}
    </ChartFrame>
  );
}

/** /practice/patients/:patientId/add — add a result, prescription, note… (ongoing care only). */
export function ChartAddPage() {
  return (
    <ChartFrame section="add">
      {(summary, patientId) =>
        summary.access.write ? <ChartAdd patientId={patientId} /> : <ReadOnly />
      }
    </ChartFrame>
  );
}

function ReadOnly() {
  const { t } = useTranslation('web');
  return <Alert tone="info" title={t('chart.readOnly')} />;
}

function ChartAdd({ patientId }: { patientId: string }) {
  const { t } = useTranslation('web');
  const [saved, setSaved] = useState<string>();
  return (
    <div className="chart-add">
      {saved && (
        <Alert tone="success" title={t('chart.add.saved')}>
          {saved}
        </Alert>
      )}
      <AddEntryForm
        patientId={patientId}
        kinds={[...CHART_KINDS]}
        onDone={(entry) => setSaved(entry.title)}
      />
    </div>
  );
}
