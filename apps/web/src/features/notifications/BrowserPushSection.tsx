import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  useSubscribeWebPushMutation,
  useUnsubscribeWebPushMutation,
  useVapidKeyQuery,
} from '@carecircle/client';
import { Alert, Button, Card } from '../../ui/index.ts';
import { PushPermissionDenied, type BrowserPush } from './browser-push.ts';
import { PushDevicesList } from './PushDevicesList.tsx';

type Problem = 'denied' | 'failed' | undefined;

/** "Turn on notifications in this browser" / "Turn off", and every device that gets pushes. */
export function BrowserPushSection({ push }: { push: BrowserPush }) {
  const { t } = useTranslation('web');
  const vapid = useVapidKeyQuery({ enabled: push.supported });
  const subscribe = useSubscribeWebPushMutation();
  const unsubscribe = useUnsubscribeWebPushMutation();
  const [endpoint, setEndpoint] = useState<string | null>(null);
  const [working, setWorking] = useState(false);
  const [problem, setProblem] = useState<Problem>();

  useEffect(() => {
    let live = true;
    push
      .current()
      .then((current) => live && setEndpoint(current))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [push]);

  const turnOn = async () => {
    if (!vapid.data) return;
    setWorking(true);
    setProblem(undefined);
    try {
      const subscription = await push.subscribe(vapid.data.publicKey);
      await subscribe.mutateAsync(subscription);
      setEndpoint(subscription.endpoint);
    } catch (error) {
      setProblem(error instanceof PushPermissionDenied ? 'denied' : 'failed');
    } finally {
      setWorking(false);
    }
  };
  const turnOff = async () => {
    setWorking(true);
    setProblem(undefined);
    try {
      const dropped = (await push.unsubscribe()) ?? endpoint;
      if (dropped) await unsubscribe.mutateAsync(dropped);
      setEndpoint(null);
    } catch {
      setProblem('failed');
    } finally {
      setWorking(false);
    }
  };

  return (
    <Card title={t('notifications.push.title')}>
      <p>{t('notifications.push.intro')}</p>
      {!push.supported ? (
        <p>{t('notifications.push.unsupported')}</p>
      ) : (
        <>
          <p aria-live="polite">
            {working
              ? t('notifications.push.working')
              : t(endpoint ? 'notifications.push.on' : 'notifications.push.off')}
          </p>
          {problem && <Alert tone="error" title={t(`notifications.push.${problem}`)} />}
          {endpoint ? (
            <Button variant="secondary" disabled={working} onClick={() => void turnOff()}>
              {t('notifications.push.turnOff')}
            </Button>
          ) : (
            <Button disabled={working || !vapid.data} onClick={() => void turnOn()}>
              {t('notifications.push.turnOn')}
            </Button>
          )}
        </>
      )}
      <PushDevicesList />
    </Card>
  );
}
