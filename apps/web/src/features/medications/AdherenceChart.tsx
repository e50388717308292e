import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useAdherenceQuery } from '@carecircle/client';
import type { Adherence } from '@carecircle/core';
import { usePreferences } from '../../lib/preferences.tsx';
import { Heading, LoadingState } from '../../ui/index.ts';
import { QueryErrorAlert } from '../booking/QueryErrorAlert.tsx';
import { percent, shortDay } from './medication-format.ts';

const DAYS = 30;

/** The last 30 days: the rate in words, bars per day (SVG, labelled), and the same as a table. */
export function AdherenceSection() {
  const { t } = useTranslation(['common', 'web']);
  const headingId = useId();
  const adherence = useAdherenceQuery({ days: DAYS });
  return (
    <section aria-labelledby={headingId} className="medications-section">
      <Heading level={2} id={headingId}>
        {t('web:medications.adherence.title')}
      </Heading>
      {adherence.isPending ? (
        <LoadingState label={t('web:medications.adherence.loading')} />
      ) : adherence.isError ? (
        <QueryErrorAlert title={t('web:medications.adherence.failed')} query={adherence} />
      ) : (
        <AdherenceContent adherence={adherence.data} />
      )}
    </section>
  );
}

function AdherenceContent({ adherence }: { adherence: Adherence }) {
  const { t } = useTranslation(['common', 'web']);
  const { locale } = usePreferences();
  const ids = useId();
  const taken = adherence.perSchedule.reduce((n, s) => n + s.taken, 0);
  const due = adherence.perSchedule.reduce((n, s) => n + s.due, 0);
  return (
    <>
      <p className="adherence-rate">
        {adherence.rate === null
          ? t('web:medications.adherence.noRate')
          : t('web:medications.adherence.rate', {
              percent: percent(adherence.rate, locale),
              taken,
              due,
            })}
      </p>
      {adherence.perSchedule.length > 1 ? (
        <ul className="adherence-per-medicine">
          {adherence.perSchedule
            .filter((s) => s.rate !== null)
            .map((s) => (
              <li key={s.scheduleId}>
                {t('web:medications.adherence.perMedicine', {
                  medicine: s.medicationTitle,
                  percent: percent(s.rate!, locale),
                })}
              </li>
            ))}
        </ul>
      ) : null}
      <AdherenceBars days={adherence.days} titleId={`${ids}-chart`} />
      {/* It scrolls on narrow screens: keyboard users must be able to reach and scroll it. */}
      <div
        className="adherence-table-wrap"
        role="region"
        aria-label={t('web:medications.adherence.table')}
        tabIndex={0}
      >
        <table className="adherence-table">
          <caption>{t('web:medications.adherence.table')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('web:medications.adherence.date')}</th>
              <th scope="col">{t('web:medications.adherence.scheduled')}</th>
              <th scope="col">{t('web:medications.adherence.taken')}</th>
              <th scope="col">{t('web:medications.adherence.skipped')}</th>
              <th scope="col">{t('web:medications.adherence.missed')}</th>
            </tr>
          </thead>
          <tbody>
            {[...adherence.days].reverse().map((d) => (
              <tr key={d.date}>
                <th scope="row">{shortDay(d.date, locale)}</th>
                <td>{d.scheduled}</td>
                <td>{d.taken}</td>
                <td>{d.skipped}</td>
                <td>{d.missed}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

const BAR = 14;
const GAP = 4;
const HEIGHT = 80;

/**
 * One bar per day: planned doses as an outline, taken as a solid bar inside it (shape, not
 * colour, carries the meaning), each with its own text for screen readers and tooltips.
 */
function AdherenceBars({ days, titleId }: { days: Adherence['days']; titleId: string }) {
  const { t } = useTranslation(['common', 'web']);
  const { locale } = usePreferences();
  const most = Math.max(1, ...days.map((d) => d.scheduled));
  const width = days.length * (BAR + GAP);
  const h = (n: number) => (n / most) * HEIGHT;
  return (
    <figure className="adherence-chart">
      <svg
        role="img"
        aria-labelledby={titleId}
        viewBox={`0 0 ${width} ${HEIGHT + 2}`}
        width="100%"
        preserveAspectRatio="none"
        focusable="false"
      >
        <title id={titleId}>{t('web:medications.adherence.chartLabel')}</title>
        {days.map((d, i) => {
          const x = i * (BAR + GAP);
          const label = t('web:medications.adherence.barLabel', {
            date: shortDay(d.date, locale),
            taken: d.taken,
            scheduled: d.scheduled,
          });
          return (
            <g key={d.date}>
              <title>{label}</title>
              <rect
                x={x}
                y={HEIGHT + 1 - h(d.scheduled)}
                width={BAR}
                height={h(d.scheduled)}
                className="adherence-chart__planned"
              />
              <rect
                x={x + 2}
                y={HEIGHT + 1 - h(d.taken)}
                width={BAR - 4}
                height={h(d.taken)}
                className="adherence-chart__taken"
              />
            </g>
          );
        })}
      </svg>
      <figcaption className="adherence-chart__legend">
        <span>{t('web:medications.adherence.legendTaken')}</span>
        <span>{t('web:medications.adherence.legendPlanned')}</span>
      </figcaption>
    </figure>
  );
}
