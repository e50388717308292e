import { useEffect, useRef } from 'react';
import { NavLink, Link, Outlet, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { isLocale } from '../lib/locale.ts';
import { usePreferences } from '../lib/preferences.tsx';
import { isThemePreference } from '../lib/theme.ts';
import { usePreferenceOptions } from '../lib/use-preference-options.ts';
import { IconProfile, IconStethoscope, Select, SkipLink } from '../ui/index.ts';
import { navItems } from './nav-items.ts';
import { useRouteFocus } from './use-route-focus.ts';
import { AccountMenu } from '../features/auth/AccountMenu.tsx';
import { IdleWarning } from '../features/auth/IdleWarning.tsx';
import { AdminNavLink } from '../features/admin/AdminNavLink.tsx';
import { PracticeNavLink } from '../features/practice/PracticeNavLink.tsx';
import { ActingForBanner, ActingForSwitcher } from '../features/sharing/ActingForSwitcher.tsx';
import { NotificationBell } from '../features/notifications/NotificationBell.tsx';
import { NotificationToasts } from '../features/notifications/NotificationToasts.tsx';

export const MAIN_ID = 'main-content';

export function AppLayout() {
  const { t } = useTranslation(['common', 'web']);
  const { locale, setLocale, theme, setTheme } = usePreferences();
  const options = usePreferenceOptions();
  useRouteFocus(MAIN_ID);
  const navRef = useRef<HTMLElement>(null);
  const { pathname } = useLocation();
  useEffect(() => {
    // In the narrow tab bar the items can scroll sideways: keep the current one in view.
    const current = navRef.current?.querySelector('[aria-current="page"]');
    if (current && typeof current.scrollIntoView === 'function') {
      current.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    }
  }, [pathname]);

  return (
    <div className="app-shell">
      <SkipLink targetId={MAIN_ID}>{t('common.skipToContent')}</SkipLink>
      <header className="app-header">
        <Link to="/" className="app-brand">
          <IconStethoscope className="app-brand__mark" />
          <span>{t('app.name')}</span>
        </Link>
        {/* On phones the bottom bar holds five areas; Profile lives up here (hidden on wide screens). */}
        <NavLink to="/profile" className="app-header__profile">
          <IconProfile />
          <span>{t('nav.profile')}</span>
        </NavLink>
        <section className="app-preferences" aria-label={t('web:layout.preferences')}>
          <Select
            compact
            label={t('common.language')}
            options={options.languages}
            value={locale}
            onChange={(e) => {
              if (isLocale(e.target.value)) setLocale(e.target.value);
            }}
          />
          <Select
            compact
            className="app-preferences__theme"
            label={t('common.theme')}
            options={options.themes}
            value={theme}
            onChange={(e) => {
              if (isThemePreference(e.target.value)) setTheme(e.target.value);
            }}
          />
        </section>
        <ActingForSwitcher />
        <PracticeNavLink />
        <AdminNavLink />
        <NotificationBell />
        <AccountMenu />
      </header>
      <ActingForBanner />
      <IdleWarning />
      <nav ref={navRef} className="app-nav" aria-label={t('web:layout.primaryNav')}>
        <ul className="app-nav__list">
          {navItems.map(({ path, labelKey, Icon }) => (
            <li
              key={path}
              className={
                path === '/profile' ? 'app-nav__item app-nav__item--profile' : 'app-nav__item'
              }
            >
              <NavLink to={path} end={path === '/'} className="app-nav__link">
                <Icon />
                <span className="app-nav__label">{t(`nav.${labelKey}`)}</span>
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <main id={MAIN_ID} className="app-main" tabIndex={-1}>
        <Outlet />
      </main>
      <NotificationToasts />
    </div>
  );
}
