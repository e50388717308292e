import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { Button, TextField } from '../../ui/index.ts';

export interface IntervalRow {
  key: string;
  start: string;
  end: string;
}

let nextKey = 0;
/** A key for a new row (rows have no server id). */
export const rowKey = () => `row-${++nextKey}`;

export type IntervalErrors = Record<string, { start?: string; end?: string }>;

/** Checks one day's intervals: both times given, end after start, no two overlapping. */
export function validateIntervals(
  rows: readonly IntervalRow[],
  t: TFunction<'web'>,
): IntervalErrors {
  const errors: IntervalErrors = {};
  for (const r of rows) {
    if (!r.start) errors[r.key] = { start: t('practice.availability.timeRequired') };
    else if (!r.end) errors[r.key] = { end: t('practice.availability.timeRequired') };
    else if (r.end <= r.start) errors[r.key] = { end: t('practice.availability.endAfterStart') };
  }
  const valid = rows.filter((r) => !errors[r.key]).sort((a, b) => a.start.localeCompare(b.start));
  for (let i = 1; i < valid.length; i++) {
    const prev = valid[i - 1];
    const cur = valid[i];
    if (prev && cur && cur.start < prev.end) {
      errors[cur.key] = { start: t('practice.availability.overlaps') };
    }
  }
  return errors;
}

/** From–to rows with add and remove, inside a day's fieldset. */
export function IntervalRows({
  rows,
  errors,
  groupName,
  onChange,
  newRow,
}: {
  rows: readonly IntervalRow[];
  errors: IntervalErrors;
  /** The day, e.g. "Monday", for the buttons' names. */
  groupName: string;
  onChange: (rows: IntervalRow[]) => void;
  newRow: () => IntervalRow;
}) {
  const { t } = useTranslation('web');
  const id = useId();
  const set = (key: string, patch: Partial<IntervalRow>) =>
    onChange(rows.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const focusRow = (key: string) =>
    requestAnimationFrame(() => document.getElementById(`${id}-${key}-start`)?.focus());

  return (
    <>
      {rows.length > 0 && (
        <ul className="practice-intervals">
          {rows.map((r, i) => (
            <li key={r.key} className="practice-interval">
              <TextField
                id={`${id}-${r.key}-start`}
                type="time"
                label={t('practice.availability.from')}
                value={r.start}
                error={errors[r.key]?.start}
                onChange={(e) => set(r.key, { start: e.target.value })}
              />
              <TextField
                id={`${id}-${r.key}-end`}
                type="time"
                label={t('practice.availability.to')}
                value={r.end}
                error={errors[r.key]?.end}
                onChange={(e) => set(r.key, { end: e.target.value })}
              />
              <Button
                variant="secondary"
                className="practice-interval__remove"
                aria-label={t('practice.availability.removeHoursOn', { day: groupName, n: i + 1 })}
                onClick={() => {
                  const next = rows.filter((x) => x.key !== r.key);
                  onChange(next);
                  const neighbour = next[Math.min(i, next.length - 1)];
                  if (neighbour) focusRow(neighbour.key);
                }}
              >
                {t('practice.availability.removeHours')}
              </Button>
            </li>
          ))}
        </ul>
      )}
      <Button
        variant="secondary"
        aria-label={t('practice.availability.addHoursOn', { day: groupName })}
        onClick={() => {
          const last = rows[rows.length - 1];
          const row = newRow();
          // A second interval starts where the last one ends, e.g. after lunch.
          if (last?.end && last.end < '23:00') {
            row.start = last.end;
            row.end = last.end < '17:00' ? '17:00' : '23:59';
          }
          onChange([...rows, row]);
          focusRow(row.key);
        }}
      >
        {t('practice.availability.addHours')}
      </Button>
    </>
  );
}
