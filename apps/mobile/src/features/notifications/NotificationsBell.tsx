import { Pressable, StyleSheet, View } from 'react-native';
import { useRouter } from 'expo-router';
import { useTranslation } from 'react-i18next';
import { useUnreadCountQuery } from '@carecircle/client';
import { AppText } from '../../ui/AppText';
import { Glyph } from '../../ui/Glyph';
import { minTouchTarget, spacing, usePalette } from '../../ui/theme';

/**
 * The bell in every tab's header: opens the notification centre. Its accessible name carries the
 * unread count ("3 unread notifications") and is announced when it changes; the visible badge
 * shows the number, not only a coloured dot. Signed out, it is a plain "Notifications" button.
 */
export function NotificationsBell() {
  const { t } = useTranslation('mobile');
  const palette = usePalette();
  const router = useRouter();
  const unread = useUnreadCountQuery();
  const count = unread.data?.unreadCount ?? 0;
  const label = count > 0 ? t('notifications.bellUnread', { count }) : t('notifications.bell');
  return (
    <Pressable
      accessibilityRole="button"
      accessibilityLabel={label}
      accessibilityLiveRegion="polite"
      testID="header-notifications"
      onPress={() => router.push('/notifications')}
      style={({ pressed }) => [styles.button, { opacity: pressed ? 0.7 : 1 }]}
    >
      <Glyph glyph="🔔" size={20} />
      {count > 0 ? (
        <View
          accessible={false}
          importantForAccessibility="no-hide-descendants"
          style={[styles.badge, { backgroundColor: palette.danger }]}
        >
          <AppText
            maxFontSizeMultiplier={1.6}
            style={[styles.badgeText, { color: palette.background }]}
          >
            {count > 99 ? '99+' : String(count)}
          </AppText>
        </View>
      ) : null}
    </Pressable>
  );
}

const styles = StyleSheet.create({
  button: {
    minHeight: minTouchTarget,
    minWidth: minTouchTarget,
    paddingHorizontal: spacing.xs,
    flexDirection: 'row',
    alignItems: 'center',
    justifyContent: 'center',
    gap: 2,
  },
  badge: { minWidth: 22, paddingHorizontal: 5, borderRadius: 11, alignItems: 'center' },
  badgeText: { fontSize: 13, lineHeight: 20, fontWeight: '700' },
});
