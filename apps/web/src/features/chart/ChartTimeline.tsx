import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useRecordTimelineQuery } from '@carecircle/client';
import { usePreferences } from '../../lib/preferences.tsx';
import { Alert, Button, LoadingState } from '../../ui/index.ts';
import { entryPath } from '../records/record-format.ts';
import { formatResultDate, formatSource, formatValue } from '../records/results/result-format.ts';

/** Everything in the patient's record, newest first, a page at a time. */
export function ChartTimeline({ patientId }: { patientId: string }) {
  const { t } = useTranslation('web');
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  return (
    <div className="chart-timeline">
      <ul className="chart-timeline__list" aria-label={t('chart.timeline.label')}>
        {cursors.map((cursor, i) => (
          <TimelinePage
            key={cursor ?? 'first'}
            patientId={patientId}
            cursor={cursor}
            first={i === 0}
            onMore={
              i === cursors.length - 1 ? (next) => setCursors((all) => [...all, next]) : undefined
            }
          />
        ))}
      </ul>
    </div>
  );
}

function TimelinePage({
  patientId,
  cursor,
  first,
  onMore,
}: {
  patientId: string;
  cursor: string | undefined;
  first: boolean;
  /** Only the last page offers the next one. */
  onMore?: (cursor: string) => void;
}) {
  const { t } = useTranslation('web');
  const { locale } = usePreferences();
  const page = useRecordTimelineQuery({ patientId, cursor });
  if (page.isPending) {
    return (
      <li>
        <LoadingState label={t('chart.timeline.loading')} />
      </li>
    );
  }
  if (page.isError) {
    return (
      <li>
        <Alert
          tone="error"
          title={t('chart.timeline.failed')}
          action={
            <Button variant="secondary" onClick={() => void page.refetch()}>
              {t('chart.retry')}
            </Button>
          }
        />
      </li>
    );
  }
  const { items, nextCursor } = page.data;
  return (
    <>
      {first && items.length === 0 && <li>{t('chart.timeline.empty')}</li>}
      {items.map((entry) => (
        <li key={`${entry.resourceType}/${entry.id}`} className="chart-timeline__item">
          <Link to={entryPath(entry, patientId)}>{entry.title}</Link>
          {entry.value && <span>{formatValue(entry.value.value, entry.value.unit, locale)}</span>}
          {entry.details && <span>{entry.details}</span>}
          <span className="chart-timeline__meta">
            {entry.date ? formatResultDate(entry.date, locale) : t('chart.timeline.noDate')} ·{' '}
            {formatSource(entry.source, t)}
          </span>
        </li>
      ))}
      {nextCursor && onMore && (
        <li>
          <Button variant="secondary" onClick={() => onMore(nextCursor)}>
            {t('chart.timeline.more')}
          </Button>
        </li>
      )}
    </>
  );
}
