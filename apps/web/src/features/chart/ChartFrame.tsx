import type { ReactNode } from 'react';
import { Link, NavLink, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { RecordSummary } from '@carecircle/core';
import { ApiError, useBreakGlassAccessQuery, useRecordSummaryQuery } from '@carecircle/client';
import { formatTime } from '../../lib/format-date.ts';
import { usePreferences } from '../../lib/preferences.tsx';
import { Alert, Button, LoadingState } from '../../ui/index.ts';
import { AreaPage } from '../area-page.tsx';
import { usePracticeAccess } from '../practice/use-practice-access.ts';
import { BreakGlassPanel } from './BreakGlassPanel.tsx';
import { chartPath, type ChartSection } from './chart-paths.ts';
import '../practice/practice.css';
import './chart.css';

/**
 * Every page of a provider's chart of one patient (/practice/patients/:patientId/…): the
 * patient's name as the h1, the chart's sections, and the record summary, which also says what
 * the provider may do. Without a care relationship the server answers 404: the provider can then
 * only open the record in an emergency (break the glass).
 */
export function ChartFrame({
  section,
  children,
}: {
  section: ChartSection;
  children: (summary: RecordSummary, patientId: string) => ReactNode;
}) {
  const { t } = useTranslation('web');
  const access = usePracticeAccess();
  const { patientId = '' } = useParams();
  return access === 'provider' ? (
    <ProviderChart patientId={patientId} section={section}>
      {children}
    </ProviderChart>
  ) : (
    <AreaPage title={t('chart.title')}>
      {access === 'signed-out' && <Alert tone="info" title={t('practice.signedOut')} />}
      {access === 'not-provider' && <Alert tone="info" title={t('practice.notProvider')} />}
      {access === 'error' && <Alert tone="error" title={t('chart.failed')} />}
      {access === 'loading' && <LoadingState label={t('chart.loading')} />}
    </AreaPage>
  );
}

function ProviderChart({
  patientId,
  section,
  children,
}: {
  patientId: string;
  section: ChartSection;
  children: (summary: RecordSummary, patientId: string) => ReactNode;
}) {
  const { t } = useTranslation('web');
  const { locale } = usePreferences();
  const summary = useRecordSummaryQuery(patientId);
  const emergency = useBreakGlassAccessQuery(patientId).data;
  const status = summary.error instanceof ApiError ? summary.error.status : undefined;
  const data = summary.data;
  // The server says when emergency access ends (it survives a reload); once it has ended the
  // server answers 404 again, and the break-the-glass panel shows.
  const until = data?.access.emergencyUntil ?? emergency?.expiresAt;
  const emergencyUntil = until ? formatTime(new Date(until), { locale }) : undefined;

  let body: ReactNode;
  if (data) {
    const tabs: ChartSection[] = data.access.write
      ? ['summary', 'results', 'timeline', 'add']
      : ['summary', 'results', 'timeline'];
    body = (
      <>
        {emergencyUntil && (
          <Alert tone="info" title={t('chart.emergencyUntil', { time: emergencyUntil })}>
            {t('chart.emergencyBody')}
          </Alert>
        )}
        <nav className="practice-tabs" aria-label={t('chart.sections')}>
          <ul className="practice-tabs__list">
            {tabs.map((s) => (
              <li key={s}>
                <NavLink
                  to={chartPath(patientId, s)}
                  end={s === 'summary'}
                  className="practice-tabs__link"
                >
                  {t(`chart.tabs.${s}`)}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <p className="chart__intro">{t(`chart.intro.${section}`)}</p>
        {children(data, patientId)}
      </>
    );
  } else if (status === 404) {
    body = <BreakGlassPanel patientId={patientId} />;
  } else if (summary.isError) {
    body = (
      <Alert
        tone="error"
        title={t('chart.failed')}
        action={
          <Button variant="secondary" onClick={() => void summary.refetch()}>
            {t('chart.retry')}
          </Button>
        }
      />
    );
  } else {
    body = <LoadingState label={t('chart.loading')} />;
  }

  const name = data?.patient.name;
  return (
    <AreaPage
      title={name ?? t('chart.title')}
      pageName={name ? `${name} · ${t('chart.title')}` : t('chart.title')}
    >
      <p className="chart__back">
        <Link to="/practice/patients">{t('chart.backToPatients')}</Link>
      </p>
      <div className="chart">{body}</div>
    </AreaPage>
  );
}
