import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { Interpretation, Locale, ResultTrend } from '@carecircle/core';
import { usePreferences } from '../../../lib/preferences.tsx';
import {
  dateValue,
  displayUnit,
  formatMonth,
  formatNumber,
  formatRange,
  formatResultDate,
  formatShortDay,
  formatValue,
  interpretationOf,
  isOutOfRange,
} from './result-format.ts';
import { linear, timeTicks, valueTicks } from './trend-scale.ts';

const WIDTH = 640;
const HEIGHT = 300;
const M = { top: 16, right: 24, bottom: 56, left: 72 };
const INNER = 16;
const DAY_MS = 86_400_000;

export type TrendPoint = ResultTrend['points'][number];

/** What each point means: its own interpretation, else worked out from its range. */
export function pointMeaning(p: TrendPoint, trend: ResultTrend): Interpretation | null {
  return interpretationOf(p.value, p.referenceRange ?? trend.referenceRange, p.interpretation);
}

/**
 * The chart's text alternative: "HbA1c, 6 results from Mar 2025 to Sep 2026, latest 7.1 %,
 * above range. Reference range 4 – 5.6."
 */
export function trendSummary(trend: ResultTrend, t: TFunction<'web'>, locale: Locale): string {
  const points = trend.points;
  const first = points[0];
  const latest = points[points.length - 1];
  if (!first || !latest) return trend.title;
  const range = formatRange(trend.referenceRange, t, locale);
  const meaning = t(`results.interpretation.${pointMeaning(latest, trend) ?? 'unknown'}`);
  // Months for a long trend ("Mar 2025 to Sep 2026"), days when they would read the same.
  let from = formatMonth(dateValue(first.date), locale);
  let to = formatMonth(dateValue(latest.date), locale);
  if (from === to) {
    from = formatResultDate(first.date, locale);
    to = formatResultDate(latest.date, locale);
  }
  const options = {
    count: points.length,
    title: trend.title,
    from,
    to,
    value: formatValue(latest.value, latest.unit ?? trend.unit, locale),
    meaning: meaning.toLocaleLowerCase(locale),
    range,
  };
  return range ? t('results.trend.summary', options) : t('results.trend.summaryNoRange', options);
}

type Shape = 'circle' | 'up' | 'down' | 'diamond';

function shapeOf(meaning: Interpretation | null): Shape {
  if (!isOutOfRange(meaning)) return 'circle';
  if (meaning === 'high') return 'up';
  if (meaning === 'low') return 'down';
  return 'diamond';
}

/** A point's mark: a circle in range, a triangle (up/down) or diamond out of range. */
function Mark({
  shape,
  x,
  y,
  hollow,
  r = 6,
}: {
  shape: Shape;
  x: number;
  y: number;
  hollow: boolean;
  r?: number;
}) {
  const className = `trend-mark${hollow ? ' trend-mark--reported' : ''}${
    shape === 'circle' ? '' : ' trend-mark--out'
  }`;
  if (shape === 'circle') return <circle className={className} cx={x} cy={y} r={r} />;
  const s = r * 1.35;
  const d =
    shape === 'up'
      ? `M${x},${y - s} L${x + s},${y + s * 0.8} L${x - s},${y + s * 0.8} Z`
      : shape === 'down'
        ? `M${x},${y + s} L${x + s},${y - s * 0.8} L${x - s},${y - s * 0.8} Z`
        : `M${x},${y - s} L${x + s},${y} L${x},${y + s} L${x - s},${y} Z`;
  return <path className={className} d={d} />;
}

/** A legend swatch: the same mark, drawn small. */
function Swatch({ children }: { children: ReactNode }) {
  return (
    <svg viewBox="0 0 20 20" width="20" height="20" aria-hidden="true" focusable="false">
      {children}
    </svg>
  );
}

/**
 * A result over time as an accessible SVG line chart: the points, the reference range as a
 * shaded band, out-of-range points with their own shape, patient-reported points hollow.
 * Screen readers get the summary as the image's label; the same data is in the table below it.
 */
export function TrendChart({ trend }: { trend: ResultTrend }) {
  const { t } = useTranslation('web');
  const { locale } = usePreferences();
  const legendId = useId();
  const points = trend.points;
  const range = trend.referenceRange;
  const unit = displayUnit(trend.unit);

  const times = points.map((p) => dateValue(p.date));
  const tMin = Math.min(...times);
  const tMax = Math.max(...times);
  const yTicks = valueTicks([
    ...points.map((p) => p.value),
    ...(range?.low != null ? [range.low] : []),
    ...(range?.high != null ? [range.high] : []),
  ]);
  const yMin = yTicks[0] ?? 0;
  const yMax = yTicks[yTicks.length - 1] ?? 1;
  const x = linear(tMin, tMax, M.left + INNER, WIDTH - M.right - INNER);
  const y = linear(yMin, yMax, HEIGHT - M.bottom, M.top);
  const clampY = (v: number) => y(Math.min(yMax, Math.max(yMin, v)));

  const longSpan = tMax - tMin > 120 * DAY_MS;
  const xTicks: { at: number; label: string }[] = [];
  for (const at of timeTicks(tMin, tMax, Math.min(5, new Set(times).size))) {
    const label = longSpan ? formatMonth(at, locale) : formatShortDay(at, locale);
    if (!xTicks.some((tick) => tick.label === label)) xTicks.push({ at, label });
  }

  const hasBand = range !== null && (range.low !== null || range.high !== null);
  const marks = points.map((p, i) => ({
    p,
    x: x(times[i] ?? tMin),
    y: y(p.value),
    shape: shapeOf(pointMeaning(p, trend)),
  }));
  const line = marks.map((m) => `${m.x},${m.y}`).join(' ');
  const hasReported = points.some((p) => p.patientReported);
  const hasLab = points.some((p) => !p.patientReported);
  const hasOut = marks.some((m) => m.shape !== 'circle');

  return (
    <figure className="trend-chart">
      <svg
        className="trend-chart__svg"
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-label={trendSummary(trend, t, locale)}
        aria-describedby={legendId}
        preserveAspectRatio="xMidYMid meet"
      >
        {hasBand && (
          <rect
            className="trend-chart__band"
            data-testid="trend-band"
            x={M.left}
            width={WIDTH - M.left - M.right}
            y={clampY(range.high ?? yMax)}
            height={clampY(range.low ?? yMin) - clampY(range.high ?? yMax)}
          />
        )}
        <g className="trend-chart__grid">
          {yTicks.map((v) => (
            <g key={v}>
              <line x1={M.left} x2={WIDTH - M.right} y1={y(v)} y2={y(v)} />
              <text x={M.left - 8} y={y(v)} dy="0.32em" textAnchor="end">
                {formatNumber(v, locale)}
              </text>
            </g>
          ))}
        </g>
        <g className="trend-chart__axis">
          <line x1={M.left} x2={WIDTH - M.right} y1={HEIGHT - M.bottom} y2={HEIGHT - M.bottom} />
          {xTicks.map((tick) => (
            <g key={tick.at}>
              <line
                x1={x(tick.at)}
                x2={x(tick.at)}
                y1={HEIGHT - M.bottom}
                y2={HEIGHT - M.bottom + 6}
              />
              <text x={x(tick.at)} y={HEIGHT - M.bottom + 20} textAnchor="middle">
                {tick.label}
              </text>
            </g>
          ))}
          <text
            className="trend-chart__axis-label"
            x={(M.left + WIDTH - M.right) / 2}
            y={HEIGHT - 8}
            textAnchor="middle"
          >
            {t('results.trend.axisDate')}
          </text>
          <text
            className="trend-chart__axis-label"
            transform={`translate(16 ${(M.top + HEIGHT - M.bottom) / 2}) rotate(-90)`}
            textAnchor="middle"
          >
            {unit ? t('results.trend.axisValue', { unit }) : t('results.trend.axisValueNoUnit')}
          </text>
        </g>
        {marks.length > 1 && <polyline className="trend-chart__line" points={line} />}
        <g>
          {marks.map((m) => (
            <g
              key={m.p.id}
              data-testid="trend-point"
              data-shape={m.shape}
              data-reported={m.p.patientReported ? 'true' : 'false'}
            >
              <Mark shape={m.shape} x={m.x} y={m.y} hollow={m.p.patientReported} />
            </g>
          ))}
        </g>
      </svg>
      <figcaption id={legendId} className="trend-legend">
        <span className="cc-visually-hidden">{t('results.trend.legend.label')}: </span>
        <ul className="trend-legend__list">
          {hasLab && (
            <li>
              <Swatch>
                <Mark shape="circle" x={10} y={10} hollow={false} r={5} />
              </Swatch>
              {t('results.trend.legend.lab')}
            </li>
          )}
          {hasReported && (
            <li>
              <Swatch>
                <Mark shape="circle" x={10} y={10} hollow r={5} />
              </Swatch>
              {t('results.trend.legend.reported')}
            </li>
          )}
          {hasOut && (
            <li>
              <Swatch>
                <Mark shape="up" x={10} y={11} hollow={false} r={5} />
              </Swatch>
              {t('results.trend.legend.outOfRange')}
            </li>
          )}
          {hasBand && (
            <li>
              <Swatch>
                <rect className="trend-chart__band" x={1} y={4} width={18} height={12} />
              </Swatch>
              {t('results.trend.legend.band')}
            </li>
          )}
        </ul>
      </figcaption>
    </figure>
  );
}
