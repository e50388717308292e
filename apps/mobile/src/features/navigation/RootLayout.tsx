import { DarkTheme, DefaultTheme, Stack, ThemeProvider, type Theme } from 'expo-router';
import { StatusBar } from 'expo-status-bar';
import { useTranslation } from 'react-i18next';
import { AppProviders } from '../../app-providers';
import { NotificationsSync } from '../notifications/NotificationsSync';
import { usePalette, type Palette } from '../../ui/theme';

/** The app's root: providers, the device's light/dark theme, tabs with Profile stacked above. */
export function RootLayout() {
  return (
    <AppProviders>
      <RootStack />
    </AppProviders>
  );
}

export function RootStack() {
  const palette = usePalette();
  const { t } = useTranslation();
  const { t: tm } = useTranslation('mobile');
  return (
    <ThemeProvider value={navigationTheme(palette)}>
      <StatusBar style={palette.scheme === 'dark' ? 'light' : 'dark'} />
      <NotificationsSync />
      <Stack screenOptions={{ headerTintColor: palette.primary }}>
        <Stack.Screen name="(tabs)" options={{ headerShown: false }} />
        <Stack.Screen name="profile" options={{ title: t('nav.profile') }} />
        <Stack.Screen name="notifications" options={{ title: tm('notifications.title') }} />
        <Stack.Screen name="+not-found" options={{ title: t('common.notFoundTitle') }} />
      </Stack>
    </ThemeProvider>
  );
}

function navigationTheme(palette: Palette): Theme {
  const base = palette.scheme === 'dark' ? DarkTheme : DefaultTheme;
  return {
    ...base,
    dark: palette.scheme === 'dark',
    colors: {
      ...base.colors,
      primary: palette.primary,
      background: palette.background,
      card: palette.surface,
      text: palette.text,
      border: palette.border,
      notification: palette.danger,
    },
  };
}
