import { Tabs } from 'expo-router/js-tabs';
import { useTranslation } from 'react-i18next';
import { AppHeader } from '../../ui/AppHeader';
import { Glyph } from '../../ui/Glyph';
import { NotificationsBell } from '../notifications/NotificationsBell';
import { ProfileHeaderButton } from './ProfileHeaderButton';
import { TabBar } from './TabBar';
import { tabs } from './tabs';

/** The five areas as bottom tabs; Profile is a header button on every tab. */
export function TabLayout() {
  const { t } = useTranslation();
  return (
    <Tabs
      tabBar={(props) => <TabBar {...props} />}
      screenOptions={{
        header: ({ options, route }) => (
          <AppHeader
            title={options.title ?? route.name}
            right={
              <>
                <NotificationsBell />
                <ProfileHeaderButton />
              </>
            }
          />
        ),
      }}
    >
      {tabs.map((tab) => (
        <Tabs.Screen
          key={tab.name}
          name={tab.name}
          options={{
            title: t(tab.labelKey),
            tabBarIcon: () => <Glyph glyph={tab.glyph} />,
            tabBarButtonTestID: `tab-${tab.name}`,
          }}
        />
      ))}
    </Tabs>
  );
}
