import { NavLink } from 'react-router';
import { useTranslation } from 'react-i18next';
import { IconCalendar } from '../../ui/index.ts';
import { usePracticeAccess } from './use-practice-access.ts';

/** "My practice" in the header, only for providers (the bottom bar keeps its five areas). */
export function PracticeNavLink() {
  const { t } = useTranslation('web');
  if (usePracticeAccess() !== 'provider') return null;
  return (
    <NavLink to="/practice" className="practice-nav-link">
      <IconCalendar />
      <span>{t('practice.nav')}</span>
    </NavLink>
  );
}
