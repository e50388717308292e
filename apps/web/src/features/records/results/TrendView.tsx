import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, useResultTrendQuery } from '@carecircle/client';
import { TokenParam } from '@carecircle/core';
import { usePreferences } from '../../../lib/preferences.tsx';
import { Alert, Button, Heading, LoadingState, type HeadingLevel } from '../../../ui/index.ts';
import { displayUnit, formatRange } from './result-format.ts';
import { TrendChart } from './TrendChart.tsx';
import { TrendTable } from './TrendTable.tsx';
import './results.css';

/** One test over time: the chart, then the same data as a table. */
export function TrendView({
  code,
  patientId,
  headingLevel = 2,
  showTitle = false,
}: {
  /** `system|code`, as in the URL (already decoded). */
  code: string;
  patientId?: string;
  headingLevel?: HeadingLevel;
  /** Show the test's name as a heading (when the page's h1 is something else). */
  showTitle?: boolean;
}) {
  const { t } = useTranslation('web');
  const { locale } = usePreferences();
  const valid = TokenParam.safeParse(code).success;
  const trend = useResultTrendQuery(valid ? code : undefined, patientId);
  const chartHeadingId = useId();
  const tableHeadingId = useId();
  const sub = (headingLevel + (showTitle ? 1 : 0)) as HeadingLevel;

  if (!valid) return <Alert tone="error" title={t('results.trend.badCode')} />;
  if (trend.isPending) return <LoadingState label={t('results.trend.loading')} />;
  if (trend.isError) {
    const status = trend.error instanceof ApiError ? trend.error.status : 0;
    if (status === 404) return <Alert tone="info" title={t('results.trend.notFound')} />;
    return (
      <Alert
        tone="error"
        title={t('results.trend.failed')}
        action={
          <Button variant="secondary" onClick={() => void trend.refetch()}>
            {t('results.retry')}
          </Button>
        }
      />
    );
  }
  const data = trend.data;
  if (data.points.length === 0) return <Alert tone="info" title={t('results.trend.notFound')} />;
  const unit = displayUnit(data.unit);
  const range = formatRange(data.referenceRange, t, locale);
  const rangesDiffer = data.points.some(
    (p) =>
      p.referenceRange &&
      data.referenceRange &&
      (p.referenceRange.low !== data.referenceRange.low ||
        p.referenceRange.high !== data.referenceRange.high),
  );
  return (
    <div className="trend">
      {showTitle && <Heading level={headingLevel}>{data.title}</Heading>}
      <section className="trend__section" aria-labelledby={chartHeadingId}>
        <Heading level={sub} id={chartHeadingId}>
          {t('results.trend.chartHeading')}
        </Heading>
        <p className="trend__facts">
          {unit && <span>{t('results.trend.unit', { unit })}</span>}
          {range && <span>{t('results.trend.rangeNote', { range })}</span>}
          {rangesDiffer && <span>{t('results.trend.rangeDiffers')}</span>}
        </p>
        <TrendChart trend={data} />
      </section>
      <section className="trend__section" aria-labelledby={tableHeadingId}>
        <Heading level={sub} id={tableHeadingId}>
          {t('results.trend.tableHeading')}
        </Heading>
        <TrendTable trend={data} />
      </section>
    </div>
  );
}
