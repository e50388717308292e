import { useEffect, useRef } from 'react';
import { useRegisterMobilePushTokenMutation } from '@carecircle/client';
import type { GetPushRegistration } from './push-registration';

/**
 * Registers this phone for push notifications once someone is signed in. Once per app start:
 * registering again is fine for the server, and a failure is tried again the next time.
 */
export function usePushRegistration(getRegistration: GetPushRegistration, signedIn: boolean) {
  const { mutate } = useRegisterMobilePushTokenMutation();
  const started = useRef(false);

  useEffect(() => {
    if (!signedIn || started.current) return;
    started.current = true;
    void getRegistration().then((input) => {
      if (input) mutate(input);
    });
  }, [signedIn, getRegistration, mutate]);
}
