import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useRecordTimelineInfiniteQuery } from '@carecircle/client';
import { RecordCategory, type RecordEntry } from '@carecircle/core';
import { usePreferences } from '../../lib/preferences.tsx';
import { Button, Heading, LoadingState, Select } from '../../ui/index.ts';
import { QueryErrorAlert } from '../booking/QueryErrorAlert.tsx';
import { errorMessage } from '../booking/error-message.ts';
import { ResultValue, SourceLine } from './RecordEntryParts.tsx';
import { BackToRecord, RecordsFrame, usePatientParam } from './RecordsFrame.tsx';
import {
  entryPath,
  formatMonth,
  formatRecordDate,
  monthKey,
  statusLabel,
} from './record-format.ts';
import './records.css';

/** Every entry, newest first, grouped by month, a category at a time, with its source. */
export function TimelinePage() {
  const { t } = useTranslation(['common', 'web']);
  return (
    <RecordsFrame title={t('web:records.timeline.title')} intro={t('web:records.timeline.intro')}>
      <Timeline />
    </RecordsFrame>
  );
}

function Timeline() {
  const { t } = useTranslation(['common', 'web']);
  const { locale } = usePreferences();
  const patientId = usePatientParam();
  const [category, setCategory] = useState<RecordCategory | ''>('');
  const timeline = useRecordTimelineInfiniteQuery({
    patientId,
    category: category || undefined,
  });
  const items = timeline.data?.pages.flatMap((p) => p.items) ?? [];

  const months: { key: string; entries: RecordEntry[] }[] = [];
  for (const entry of items) {
    const key = monthKey(entry.date);
    const last = months.at(-1);
    if (last?.key === key) last.entries.push(entry);
    else months.push({ key, entries: [entry] });
  }

  return (
    <>
      <Select
        label={t('web:records.timeline.filter')}
        value={category}
        onChange={(e) => setCategory(e.target.value as RecordCategory | '')}
        options={[
          { value: '', label: t('web:records.categories.all') },
          ...RecordCategory.options.map((c) => ({
            value: c,
            label: t(`web:records.categories.${c}`),
          })),
        ]}
      />
      {timeline.isPending ? <LoadingState label={t('web:records.timeline.loading')} /> : null}
      {timeline.isError && items.length === 0 ? (
        <QueryErrorAlert title={t('web:records.timeline.failed')} query={timeline} />
      ) : null}
      {timeline.isSuccess && items.length === 0 ? (
        <p className="record-muted">{t('web:records.timeline.empty')}</p>
      ) : null}
      {months.map((month) => (
        <section
          key={month.key || 'none'}
          aria-labelledby={`month-${month.key || 'none'}`}
          className="record-month"
        >
          <Heading level={2} id={`month-${month.key || 'none'}`}>
            {month.key ? formatMonth(month.key, locale) : t('web:records.timeline.noDate')}
          </Heading>
          <ul className="record-list">
            {month.entries.map((entry) => (
              <li key={entry.id} className="record-list__item">
                <Link to={entryPath(entry, patientId)} className="record-list__title">
                  {entry.title}
                </Link>
                <span className="record-list__facts">
                  <span>{t(`web:records.category.${entry.category}`)}</span>
                  {entry.date ? <span>{formatRecordDate(entry.date, locale)}</span> : null}
                  {entry.status ? <span>{statusLabel(entry.status, t)}</span> : null}
                  {entry.value ? <ResultValue entry={entry} /> : null}
                  {entry.details && !entry.value ? <span>{entry.details}</span> : null}
                </span>
                <SourceLine source={entry.source} />
              </li>
            ))}
          </ul>
        </section>
      ))}
      {timeline.isFetchNextPageError ? <p role="alert">{errorMessage(timeline.error, t)}</p> : null}
      {timeline.hasNextPage ? (
        <p>
          <Button
            variant="secondary"
            disabled={timeline.isFetchingNextPage}
            onClick={() => void timeline.fetchNextPage()}
          >
            {timeline.isFetchingNextPage
              ? t('web:records.timeline.loadingMore')
              : t('web:records.timeline.more')}
          </Button>
        </p>
      ) : timeline.isSuccess && items.length > 0 ? (
        <p className="record-muted">{t('web:records.timeline.end')}</p>
      ) : null}
      <BackToRecord patientId={patientId} />
    </>
  );
}
