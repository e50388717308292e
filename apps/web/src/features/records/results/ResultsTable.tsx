import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { RecordSummary } from '@carecircle/core';
import { usePreferences } from '../../../lib/preferences.tsx';
import { VisuallyHidden } from '../../../ui/index.ts';
import { InterpretationLabel } from './Interpretation.tsx';
import {
  codeToken,
  formatRange,
  formatResultDate,
  formatSource,
  formatValue,
  interpretationOf,
  trendPath,
} from './result-format.ts';

export type LatestResult = RecordSummary['latestResults'][number];

/** The latest result of each test, with a link to its trend when there is more than one. */
export function ResultsTable({
  results,
  patientId,
}: {
  results: readonly LatestResult[];
  /** A provider's chart of this patient (links stay in the chart). */
  patientId?: string;
}) {
  const { t } = useTranslation('web');
  const { locale } = usePreferences();
  return (
    <div className="results-table-wrap">
      <table className="results-table">
        <caption className="results-table__caption">{t('results.tableCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('results.columns.test')}</th>
            <th scope="col">{t('results.columns.value')}</th>
            <th scope="col">{t('results.columns.range')}</th>
            <th scope="col">{t('results.columns.interpretation')}</th>
            <th scope="col">{t('results.columns.date')}</th>
            <th scope="col">{t('results.columns.source')}</th>
            <th scope="col">{t('results.columns.trend')}</th>
          </tr>
        </thead>
        <tbody>
          {results.map((r) => {
            const meaning = r.value
              ? interpretationOf(r.value.value, r.referenceRange, r.interpretation)
              : r.interpretation;
            return (
              <tr key={r.id}>
                <th scope="row">{r.title}</th>
                <td>{r.value ? formatValue(r.value.value, r.value.unit, locale) : '—'}</td>
                <td>{formatRange(r.referenceRange, t, locale) ?? t('results.noRange')}</td>
                <td>
                  <InterpretationLabel value={meaning} />
                </td>
                <td>{r.date ? formatResultDate(r.date, locale) : '—'}</td>
                <td>{formatSource(r.source, t)}</td>
                <td>
                  {r.count > 1 && r.code ? (
                    <Link to={trendPath(codeToken(r.code), patientId)}>
                      {t('results.seeTrend')}{' '}
                      <VisuallyHidden>
                        {t('results.trendOf', { title: r.title, count: r.count })}
                      </VisuallyHidden>
                    </Link>
                  ) : (
                    <span className="results-muted">{t('results.onlyOne')}</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
