import { Pressable, StyleSheet, View } from 'react-native';
import { useTranslation } from 'react-i18next';
import type { Notification } from '@carecircle/core';
import { AppText } from '../../ui/AppText';
import { spacing, usePalette } from '../../ui/theme';
import { DoseAnswers } from './DoseAnswers';

export interface NotificationItemProps {
  notification: Notification;
  /** Marks it read (pressing an unread one, or answering its reminder). */
  onRead: (notification: Notification) => void;
}

/**
 * One notification. Unread ones say "Unread" in words and in a bold title and a bar, not by
 * colour alone, and are a button that marks them read.
 */
export function NotificationItem({ notification, onRead }: NotificationItemProps) {
  const { t, i18n } = useTranslation('mobile');
  const palette = usePalette();
  const unread = notification.readAt === null;
  const when = formatWhen(notification.createdAt, i18n.language);
  const about = notification.patient
    ? t('notifications.forPatient', { name: notification.patient.name })
    : null;
  const spoken = [
    unread ? t('notifications.unread') : null,
    notification.title,
    about,
    notification.body,
    when,
  ]
    .filter(Boolean)
    .join('. ');

  const content = (
    <>
      {unread ? (
        <AppText variant="label" style={{ color: palette.primary }}>
          {t('notifications.unread')}
        </AppText>
      ) : null}
      <AppText variant={unread ? 'label' : 'body'}>{notification.title}</AppText>
      {about ? <AppText variant="muted">{about}</AppText> : null}
      <AppText>{notification.body}</AppText>
      <AppText variant="muted">{when}</AppText>
    </>
  );

  return (
    <View
      testID={`notification-${notification.id}`}
      style={[
        styles.card,
        {
          backgroundColor: unread ? palette.surface : palette.background,
          borderColor: palette.border,
          borderLeftColor: unread ? palette.primary : palette.border,
          borderLeftWidth: unread ? 6 : 1,
        },
      ]}
    >
      {unread ? (
        <Pressable
          accessibilityRole="button"
          accessibilityLabel={spoken}
          onPress={() => onRead(notification)}
          style={({ pressed }) => [styles.text, { opacity: pressed ? 0.7 : 1 }]}
        >
          {content}
        </Pressable>
      ) : (
        <View accessible accessibilityLabel={spoken} style={styles.text}>
          {content}
        </View>
      )}
      <DoseAnswers
        notification={notification}
        onAnswered={() => {
          if (unread) onRead(notification);
        }}
      />
    </View>
  );
}

function formatWhen(instant: string, locale: string): string {
  const date = new Date(instant);
  if (Number.isNaN(date.getTime())) return instant;
  try {
    return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(
      date,
    );
  } catch {
    return date.toLocaleString();
  }
}

const styles = StyleSheet.create({
  card: { borderWidth: 1, borderRadius: 12, padding: spacing.md, gap: spacing.sm },
  text: { gap: spacing.xs },
});
