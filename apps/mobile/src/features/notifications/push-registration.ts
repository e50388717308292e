import { Platform } from 'react-native';
import Constants from 'expo-constants';
import type { MobilePushTokenInput } from '@carecircle/core';

/**
 * This phone's Expo push token, for the server to send reminders through Expo's push service.
 * Asks for permission the first time (only called once someone is signed in); answers null
 * when there is nothing to register: permission refused, no EAS project id (Expo Go without
 * one, a plain simulator), or Expo's token service unreachable. Never throws. expo-notifications
 * is loaded only then, so signed-out use (and Expo Go, which lacks remote push on Android) never
 * touches it.
 */
export type GetPushRegistration = () => Promise<MobilePushTokenInput | null>;

export const getPushRegistration: GetPushRegistration = async () => {
  if (Platform.OS !== 'ios' && Platform.OS !== 'android') return null;
  // Without a project id Expo cannot issue a token: do not ask for permission for nothing.
  const projectId = easProjectId();
  if (!projectId) return null;
  try {
    const Notifications = await import('expo-notifications');
    if (Platform.OS === 'android') {
      // Android 13+ only shows the permission prompt once a channel exists.
      await Notifications.setNotificationChannelAsync('default', {
        name: 'CareCircle',
        importance: Notifications.AndroidImportance.HIGH,
      });
    }
    const current = await Notifications.getPermissionsAsync();
    const permission = current.granted ? current : await Notifications.requestPermissionsAsync();
    if (!permission.granted) return null;
    const { data: token } = await Notifications.getExpoPushTokenAsync({ projectId });
    return {
      token,
      platform: Platform.OS,
      deviceName: Constants.deviceName?.slice(0, 100),
    };
  } catch {
    return null;
  }
};

function easProjectId(): string | undefined {
  const extra: unknown = Constants.expoConfig?.extra;
  if (typeof extra === 'object' && extra !== null && 'eas' in extra) {
    const { eas } = extra;
    if (typeof eas === 'object' && eas !== null && 'projectId' in eas) {
      const { projectId } = eas;
      if (typeof projectId === 'string' && projectId) return projectId;
    }
  }
  return undefined;
}
