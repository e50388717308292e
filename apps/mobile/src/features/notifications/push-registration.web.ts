import type { GetPushRegistration } from './push-registration';

/**
 * On the web build there is no Expo push token to register: browsers get notifications through
 * the web app's Web Push subscription instead. Same signature as the native file.
 */
export const getPushRegistration: GetPushRegistration = () => Promise.resolve(null);
