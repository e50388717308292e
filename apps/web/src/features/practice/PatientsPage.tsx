import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { PracticePatient, ProviderSummary } from '@carecircle/core';
import { usePracticePatientsQuery } from '@carecircle/client';
import { formatDateTime } from '../../lib/format-date.ts';
import { usePreferences } from '../../lib/preferences.tsx';
import {
  Alert,
  Button,
  EmptyState,
  IconProfile,
  LoadingState,
  TextField,
  VisuallyHidden,
} from '../../ui/index.ts';
import { chartPath } from '../chart/chart-paths.ts';
import { PracticeFrame } from './PracticeFrame.tsx';

/** Lower case without accents, so "jose" finds "José". */
const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLocaleLowerCase();

/** /practice/patients: everyone with an appointment with me, searchable by name. */
export function PatientsPage() {
  return (
    <PracticeFrame section="patients">{(profile) => <Patients profile={profile} />}</PracticeFrame>
  );
}

function Patients({ profile }: { profile: ProviderSummary }) {
  const { t } = useTranslation('web');
  const { locale } = usePreferences();
  const patients = usePracticePatientsQuery();
  const [q, setQ] = useState('');
  const timeZone = profile.location.timeZone;
  const when = (iso: string | null) =>
    iso ? formatDateTime(new Date(iso), { locale, timeZone }) : t('practice.none');
  const all = patients.data?.items;
  const shown = useMemo(() => {
    const words = fold(q).split(/\s+/).filter(Boolean);
    return [...(all ?? [])]
      .filter((p: PracticePatient) => words.every((w) => fold(p.name).includes(w)))
      .sort((a, b) => a.name.localeCompare(b.name, locale));
  }, [all, q, locale]);

  if (patients.isPending) return <LoadingState label={t('practice.patients.loading')} />;
  if (patients.isError) {
    return (
      <Alert
        tone="error"
        title={t('practice.patients.failed')}
        action={
          <Button variant="secondary" onClick={() => void patients.refetch()}>
            {t('practice.retry')}
          </Button>
        }
      />
    );
  }
  if (patients.data.items.length === 0) {
    return (
      <EmptyState
        icon={<IconProfile />}
        title={t('practice.patients.empty')}
        body={t('practice.patients.emptyBody')}
      />
    );
  }
  return (
    <div className="practice-stack">
      <TextField
        type="search"
        label={t('practice.patients.search')}
        value={q}
        onChange={(e) => setQ(e.target.value)}
      />
      <p className="practice__count" role="status">
        {shown.length === 0
          ? t('practice.patients.noMatch', { q: q.trim() })
          : t('practice.patients.count', { count: shown.length })}
      </p>
      {shown.length > 0 && (
        <ul className="practice-list" aria-label={t('practice.tabs.patients')}>
          {shown.map((p) => (
            <li key={p.id} className="practice-list__item">
              <p className="practice-list__title">{p.name}</p>
              <p>
                <Link to={chartPath(p.id)}>
                  {t('chart.openChart')}{' '}
                  <VisuallyHidden>{t('chart.openChartOf', { name: p.name })}</VisuallyHidden>
                </Link>
              </p>
              <dl className="practice-facts">
                <div>
                  <dt>{t('practice.patients.lastVisit')}</dt>
                  <dd>{when(p.lastVisit)}</dd>
                </div>
                <div>
                  <dt>{t('practice.patients.nextAppointment')}</dt>
                  <dd>{when(p.nextAppointment)}</dd>
                </div>
                <div>
                  <dt>{t('practice.patients.appointments')}</dt>
                  <dd>{p.appointmentCount}</dd>
                </div>
              </dl>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
