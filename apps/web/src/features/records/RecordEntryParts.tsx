import { useTranslation } from 'react-i18next';
import type { Interpretation, RecordEntry } from '@carecircle/core';
import { usePreferences } from '../../lib/preferences.tsx';
import { IconCheck } from '../../ui/index.ts';
import { formatRange, formatValue, sourceLabel } from './record-format.ts';

const flagSymbols: Record<Interpretation, string> = {
  normal: '✓',
  low: '↓',
  high: '↑',
  abnormal: '!',
  critical: '‼',
};

/** What a result means, in words with a symbol (the colour only repeats them). */
export function InterpretationFlag({ interpretation }: { interpretation: Interpretation }) {
  const { t } = useTranslation(['common', 'web']);
  return (
    <span className={`record-flag record-flag--${interpretation}`}>
      <span aria-hidden="true" className="record-flag__symbol">
        {flagSymbols[interpretation]}
      </span>{' '}
      {t(`web:records.interpretation.${interpretation}`)}
    </span>
  );
}

/** "7.2 % · Normal range: 4 to 5.6 % · ↑ High": a result's value, range and meaning. */
export function ResultValue({ entry }: { entry: RecordEntry }) {
  const { t } = useTranslation(['common', 'web']);
  const { locale } = usePreferences();
  if (!entry.value) return null;
  const range = formatRange(entry.referenceRange, entry.value.unit, locale, t);
  return (
    <span className="record-value">
      <strong className="record-value__number">{formatValue(entry.value, locale)}</strong>
      {range ? (
        <span className="record-value__range">{t('web:records.value.range', { range })}</span>
      ) : null}
      {entry.interpretation ? <InterpretationFlag interpretation={entry.interpretation} /> : null}
    </span>
  );
}

/** Where an entry came from, always shown: provenance matters in a health record. */
export function SourceLine({ source }: { source: RecordEntry['source'] }) {
  const { t } = useTranslation(['common', 'web']);
  return (
    <span className={`record-source record-source--${source.kind}`}>{sourceLabel(source, t)}</span>
  );
}

/** A polite live region for "saved", "deleted" and the like (a tick and words, not colour alone). */
export function StatusMessage({ message }: { message?: string }) {
  return (
    <div role="status" className="record-message">
      {message ? (
        <p>
          <IconCheck size="1.2em" /> <span>{message}</span>
        </p>
      ) : null}
    </div>
  );
}
