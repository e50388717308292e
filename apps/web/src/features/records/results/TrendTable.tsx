import { useTranslation } from 'react-i18next';
import type { ResultTrend } from '@carecircle/core';
import { usePreferences } from '../../../lib/preferences.tsx';
import { InterpretationLabel } from './Interpretation.tsx';
import { formatRange, formatResultDate, formatValue } from './result-format.ts';
import { pointMeaning } from './TrendChart.tsx';

/** The chart's data as a table, oldest first like the chart. */
export function TrendTable({ trend }: { trend: ResultTrend }) {
  const { t } = useTranslation('web');
  const { locale } = usePreferences();
  return (
    <div className="results-table-wrap">
      <table className="results-table">
        <caption className="results-table__caption">
          {t('results.trend.tableCaption', { title: trend.title })}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t('results.trend.columns.date')}</th>
            <th scope="col">{t('results.trend.columns.value')}</th>
            <th scope="col">{t('results.trend.columns.range')}</th>
            <th scope="col">{t('results.trend.columns.interpretation')}</th>
            <th scope="col">{t('results.trend.columns.source')}</th>
          </tr>
        </thead>
        <tbody>
          {trend.points.map((p) => (
            <tr key={p.id}>
              <th scope="row">{formatResultDate(p.date, locale)}</th>
              <td>{formatValue(p.value, p.unit ?? trend.unit, locale)}</td>
              <td>
                {formatRange(p.referenceRange ?? trend.referenceRange, t, locale) ??
                  t('results.noRange')}
              </td>
              <td>
                <InterpretationLabel value={pointMeaning(p, trend)} />
              </td>
              <td>
                {p.patientReported
                  ? t('results.trend.legend.reported')
                  : t('results.trend.legend.lab')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
