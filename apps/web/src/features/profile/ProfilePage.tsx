import { useTranslation } from 'react-i18next';
import { isLocale } from '../../lib/locale.ts';
import { usePreferences } from '../../lib/preferences.tsx';
import { isThemePreference } from '../../lib/theme.ts';
import { usePreferenceOptions } from '../../lib/use-preference-options.ts';
import { Card, EmptyState, IconProfile, IconSun, RadioGroup } from '../../ui/index.ts';
import { AreaPage } from '../area-page.tsx';
import { ActiveSessions } from '../sessions/ActiveSessions.tsx';
import { MfaSettings } from '../mfa/MfaSettings.tsx';
import { SharingSettings } from '../sharing/SharingSettings.tsx';
import { CareTeamShares } from '../care-team/CareTeamShares.tsx';
import { NotificationSettingsLink } from '../notifications/NotificationSettingsLink.tsx';
import { AccountSettings } from './AccountSettings.tsx';

export function ProfilePage() {
  const { t } = useTranslation(['common', 'web']);
  const { locale, setLocale, theme, setTheme } = usePreferences();
  const options = usePreferenceOptions();
  return (
    <AreaPage title={t('nav.profile')} intro={t('web:pages.profileIntro')}>
      <div style={{ display: 'grid', gap: '1.5rem' }}>
        <EmptyState
          icon={<IconProfile />}
          title={t('empty.profile.title')}
          body={t('empty.profile.body')}
        />
        <Card title={t('web:profile.preferences')} icon={<IconSun />}>
          <RadioGroup
            name="profile-language"
            legend={t('common.language')}
            description={t('web:profile.languageHelp')}
            options={options.languages}
            value={locale}
            onChange={(value) => {
              if (isLocale(value)) setLocale(value);
            }}
          />
          <RadioGroup
            name="profile-theme"
            legend={t('common.theme')}
            description={t('web:profile.themeHelp')}
            options={options.themes}
            value={theme}
            onChange={(value) => {
              if (isThemePreference(value)) setTheme(value);
            }}
          />
          <p style={{ margin: 0 }}>{t('web:profile.saved')}</p>
        </Card>
        <AccountSettings />
        <NotificationSettingsLink />
        <MfaSettings />
        <SharingSettings />
        <CareTeamShares />
        <ActiveSessions />
      </div>
    </AreaPage>
  );
}
