import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { TokenParam } from '@carecircle/core';
import { useMeQuery, useRecordSummaryQuery, useResultTrendQuery } from '@carecircle/client';
import { useSessionState } from '../../auth/SessionProvider.tsx';
import { RecordsFrame } from '../RecordsFrame.tsx';
import { ResultsView } from './ResultsView.tsx';
import { TrendView } from './TrendView.tsx';
import './results.css';

/** /records/results: the latest result of each test, for the patient or whom a caregiver helps. */
export function ResultsPage() {
  const { t } = useTranslation('web');
  const { status } = useSessionState();
  return (
    <RecordsFrame title={t('results.title')}>
      {status === 'signed-in' && <SignedInResults />}
    </RecordsFrame>
  );
}

function SignedInResults() {
  const { t } = useTranslation('web');
  const me = useMeQuery({ enabled: true });
  const summary = useRecordSummaryQuery();
  const patient = summary.data?.patient;
  const someoneElse = patient && me.data && patient.id !== me.data.id;
  return (
    <div className="results">
      <p className="results-back">
        <Link to="/records">{t('results.back')}</Link>
      </p>
      <p className="results-intro">
        {someoneElse ? t('results.introFor', { name: patient.name }) : t('results.intro')}
      </p>
      <ResultsView />
    </div>
  );
}

/** /records/results/:code (`system|code`, URL-encoded): one test over time. */
export function TrendPage() {
  const { t } = useTranslation('web');
  const { status } = useSessionState();
  const { code = '' } = useParams();
  const valid = TokenParam.safeParse(code).success;
  // TrendView loads the same query (one request); here it only names the page after the test.
  const trend = useResultTrendQuery(status === 'signed-in' && valid ? code : undefined);
  return (
    <RecordsFrame title={trend.data?.title ?? t('results.trend.titleFallback')}>
      {status === 'signed-in' && (
        <div className="results">
          <p className="results-back">
            <Link to="/records/results">{t('results.trend.back')}</Link>
          </p>
          <TrendView code={code} />
        </div>
      )}
    </RecordsFrame>
  );
}
