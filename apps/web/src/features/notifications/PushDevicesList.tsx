import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePushDevicesQuery, useRemovePushDeviceMutation } from '@carecircle/client';
import { formatDay } from '../../lib/format-date.ts';
import { usePreferences } from '../../lib/preferences.tsx';
import { Alert, Button, Heading, LoadingState } from '../../ui/index.ts';

/** Browsers and phones that receive my push notifications, each with "Remove". */
export function PushDevicesList() {
  const { t } = useTranslation(['web', 'common']);
  const { locale } = usePreferences();
  const devices = usePushDevicesQuery();
  const remove = useRemovePushDeviceMutation();
  const [removed, setRemoved] = useState<string>();
  const list = devices.data?.devices ?? [];
  return (
    <section aria-labelledby="push-devices-title" className="notification-push__devices">
      <Heading level={3} id="push-devices-title">
        {t('notifications.push.devicesTitle')}
      </Heading>
      {devices.isPending && <LoadingState label={t('common:common.loading')} />}
      {devices.isError && <Alert tone="error" title={t('notifications.actionFailed')} />}
      {devices.isSuccess && list.length === 0 && <p>{t('notifications.push.devicesEmpty')}</p>}
      {list.length > 0 && (
        <ul className="notification-list">
          {list.map((d) => (
            <li key={d.id} className="notification-item">
              <strong>{d.label}</strong> · {t(`notifications.push.kind.${d.kind}`)}
              <br />
              {t('notifications.push.added', {
                date: formatDay(new Date(d.createdAt), { locale }),
              })}
              {d.lastUsedAt &&
                `, ${t('notifications.push.lastUsed', {
                  date: formatDay(new Date(d.lastUsedAt), { locale }),
                })}`}
              <div className="notification-item__actions">
                <Button
                  variant="secondary"
                  aria-label={t('notifications.push.removeLabel', { label: d.label })}
                  disabled={remove.isPending}
                  onClick={() =>
                    remove.mutate(d.id, {
                      onSuccess: () =>
                        setRemoved(t('notifications.push.removed', { label: d.label })),
                    })
                  }
                >
                  {t('notifications.push.remove')}
                </Button>
              </div>
            </li>
          ))}
        </ul>
      )}
      <div aria-live="polite">{removed && <p>{removed}</p>}</div>
      {remove.isError && <Alert tone="error" title={t('notifications.actionFailed')} />}
    </section>
  );
}
