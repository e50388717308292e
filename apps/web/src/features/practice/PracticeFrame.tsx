import type { ReactNode } from 'react';
import { NavLink } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { ProviderSummary } from '@carecircle/core';
import { ApiError, useMeQuery, usePracticeProfileQuery } from '@carecircle/client';
import { Alert, Button, LoadingState } from '../../ui/index.ts';
import { AreaPage } from '../area-page.tsx';
import { PracticeProfileForm } from './PracticeProfileForm.tsx';
import { usePracticeAccess } from './use-practice-access.ts';
import './practice.css';

export type PracticeSection = 'schedule' | 'availability' | 'patients' | 'profile';

const sections: readonly { key: PracticeSection; path: string }[] = [
  { key: 'schedule', path: '/practice' },
  { key: 'availability', path: '/practice/availability' },
  { key: 'patients', path: '/practice/patients' },
  { key: 'profile', path: '/practice/profile' },
];

/** "Eastern Time (America/New_York)": the zone as people know it, and its exact name. */
export function zoneLabel(timeZone: string, locale: string): string {
  try {
    const name = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'longGeneric' })
      .formatToParts(new Date())
      .find((p) => p.type === 'timeZoneName')?.value;
    const id = timeZone.replace(/_/g, ' ');
    return name && name !== timeZone ? `${name} (${id})` : id;
  } catch {
    return timeZone;
  }
}

/**
 * Every practice page: its h1, the section tabs, and the signed-in provider's profile (whose
 * clinic time zone every date on these pages is shown in). Others see why they cannot use it.
 */
export function PracticeFrame({
  section,
  children,
}: {
  section: PracticeSection;
  children: (profile: ProviderSummary) => ReactNode;
}) {
  const { t, i18n } = useTranslation('web');
  const access = usePracticeAccess();
  const profile = usePracticeProfileQuery({ enabled: access === 'provider' });
  const me = useMeQuery({ enabled: access === 'provider' });
  const title = t(`practice.tabs.${section}`);
  const problem = profile.error instanceof ApiError ? profile.error.problem : undefined;

  let body: ReactNode;
  if (access === 'signed-out') {
    body = <Alert tone="info" title={t('practice.signedOut')} />;
  } else if (access === 'not-provider') {
    body = <Alert tone="info" title={t('practice.notProvider')} />;
  } else if (problem?.status === 403) {
    // E.g. waiting for an administrator to verify the account: the server says why.
    body = (
      <Alert tone="info" title={t('practice.notReady')}>
        {problem.detail}
      </Alert>
    );
  } else if (problem?.status === 404) {
    // A verified provider without a profile yet: set it up first, then everything else opens.
    body = (
      <>
        <Alert tone="info" title={t('practice.setUpTitle')}>
          {t('practice.setUpBody')}
        </Alert>
        <PracticeProfileForm
          profile={{
            specialty: '',
            languages: [i18n.language.slice(0, 2)],
            modalities: ['in_person'],
            bio: '',
            location: {
              name: '',
              address: '',
              timeZone: me.data?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
            },
          }}
          onSaved={() =>
            requestAnimationFrame(() =>
              document.querySelector<HTMLElement>('[data-page-heading]')?.focus(),
            )
          }
        />
      </>
    );
  } else if (access === 'error' || profile.isError) {
    body = (
      <Alert
        tone="error"
        title={t('practice.failed')}
        action={
          <Button variant="secondary" onClick={() => void profile.refetch()}>
            {t('practice.retry')}
          </Button>
        }
      />
    );
  } else if (!profile.data) body = <LoadingState label={t('practice.loading')} />;
  else {
    body = (
      <>
        <p className="practice__zone">
          {t('practice.zone', { zone: zoneLabel(profile.data.location.timeZone, i18n.language) })}
        </p>
        {children(profile.data)}
      </>
    );
  }

  return (
    <AreaPage title={title} intro={t(`practice.${section}.intro`)}>
      {access === 'provider' && (
        <nav className="practice-tabs" aria-label={t('practice.sections')}>
          <ul className="practice-tabs__list">
            {sections.map((s) => (
              <li key={s.key}>
                <NavLink to={s.path} end className="practice-tabs__link">
                  {t(`practice.tabs.${s.key}`)}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
      )}
      <div className="practice">{body}</div>
    </AreaPage>
  );
}
