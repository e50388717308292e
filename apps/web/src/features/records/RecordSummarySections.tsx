import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { RecordEntry, RecordSummary } from '@carecircle/core';
import { usePreferences } from '../../lib/preferences.tsx';
import { Heading } from '../../ui/index.ts';
import { ResultValue, SourceLine } from './RecordEntryParts.tsx';
import { entryPath, formatRecordDate, formatSize, statusLabel } from './record-format.ts';
import './records.css';

type SectionKey =
  'conditions' | 'medications' | 'allergies' | 'immunizations' | 'results' | 'documents';

/**
 * The sections of a record home: conditions, active medicines, allergies, vaccines, latest
 * results and documents, each entry linking to its detail page. Only what `summary.access`
 * allows is shown (a medicines-only grant sees the medicines alone). Also used in a provider's
 * chart of a patient (`patientId`).
 */
export function RecordSummarySections({
  summary,
  patientId,
}: {
  summary: RecordSummary;
  patientId?: string;
}) {
  const { t } = useTranslation(['common', 'web']);
  const { locale } = usePreferences();
  const { access } = summary;
  const date = (entry: RecordEntry) => formatRecordDate(entry.date, locale);
  const own = patientId === undefined;

  return (
    <div className="record-sections">
      {access.records ? (
        <EntrySection
          section="conditions"
          entries={summary.conditions}
          patientId={patientId}
          describe={(e) => [statusLabel(e.status, t), date(e), e.details]}
        />
      ) : null}
      {access.records || access.medications ? (
        <EntrySection
          section="medications"
          entries={summary.medications}
          patientId={patientId}
          describe={(e) => [e.details, statusLabel(e.status, t), date(e)]}
          more={own ? { to: '/medications', label: t('web:medications.recordLink') } : undefined}
        />
      ) : null}
      {access.records ? (
        <>
          <EntrySection
            section="allergies"
            entries={summary.allergies}
            patientId={patientId}
            describe={(e) => [e.details, statusLabel(e.status, t)]}
          />
          <EntrySection
            section="immunizations"
            entries={summary.immunizations}
            patientId={patientId}
            describe={(e) => [date(e), e.details]}
          />
          <EntrySection
            section="results"
            entries={summary.latestResults}
            patientId={patientId}
            describe={(e) => [
              <ResultValue key="value" entry={e} />,
              date(e),
              'count' in e && typeof e.count === 'number' && e.count > 1
                ? t('web:records.resultCount', { count: e.count })
                : null,
            ]}
            more={own ? { to: '/records/results', label: t('web:records.allResults') } : undefined}
          />
          <EntrySection
            section="documents"
            entries={summary.documents}
            patientId={patientId}
            describe={(e) => [
              date(e),
              e.document
                ? t(
                    `web:records.documents.types.${e.document.contentType}` as 'web:records.documents.types.text/plain',
                    {
                      defaultValue: e.document.contentType,
                    },
                  )
                : null,
              e.document ? formatSize(e.document.size, locale) : null,
            ]}
            more={
              own ? { to: '/records/documents', label: t('web:records.allDocuments') } : undefined
            }
          />
        </>
      ) : null}
    </div>
  );
}

function EntrySection({
  section,
  entries,
  patientId,
  describe,
  more,
}: {
  section: SectionKey;
  entries: RecordEntry[];
  patientId: string | undefined;
  /** The facts shown under an entry's name (empty ones are left out). */
  describe: (entry: RecordEntry) => ReactNode[];
  more?: { to: string; label: string };
}) {
  const { t } = useTranslation(['common', 'web']);
  const headingId = `${useId()}-${section}`;
  return (
    <section aria-labelledby={headingId} className={`record-section record-section--${section}`}>
      <Heading level={2} id={headingId}>
        {t(`web:records.sections.${section}`)}
      </Heading>
      {entries.length === 0 ? (
        <p className="record-section__empty">{t(`web:records.sectionEmpty.${section}`)}</p>
      ) : (
        <ul className="record-list">
          {entries.map((entry) => (
            <li key={entry.id} className="record-list__item">
              <Link to={entryPath(entry, patientId)} className="record-list__title">
                {entry.title}
              </Link>
              <span className="record-list__facts">
                {describe(entry)
                  .filter((fact) => fact !== null && fact !== undefined && fact !== '')
                  .map((fact, i) => (
                    <span key={i} className="record-list__fact">
                      {fact}
                    </span>
                  ))}
              </span>
              <SourceLine source={entry.source} />
            </li>
          ))}
        </ul>
      )}
      {more ? (
        <p className="record-section__more">
          <Link to={more.to}>{more.label}</Link>
        </p>
      ) : null}
    </section>
  );
}
