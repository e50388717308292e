import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useUpdateNotificationPreferencesMutation } from '@carecircle/client';
import {
  NOTIFICATION_CATEGORIES,
  NOTIFICATION_CHANNELS,
  type ChannelSwitches,
  type NotificationCategory,
  type NotificationPreferences,
  type QuietHours,
} from '@carecircle/core';
import { Alert, Button, Card, TextField } from '../../ui/index.ts';
import { FieldError } from '../../ui/FieldParts.tsx';
import { problemFieldErrors, useFocusFirstInvalid } from '../practice/problem-fields.ts';

/**
 * Channels per category (a fieldset per category with a checkbox per channel) and quiet hours,
 * saved together. Field errors from the server (400 problem+json) show next to their field.
 */
export function PreferencesForm({ initial }: { initial: NotificationPreferences }) {
  const { t } = useTranslation('web');
  const id = useId();
  const save = useUpdateNotificationPreferencesMutation();
  const [channels, setChannels] = useState(initial.channels);
  const [quiet, setQuiet] = useState<QuietHours>(initial.quietHours);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  const { formRef, focusInvalid } = useFocusFirstInvalid();

  const setChannel = (
    category: NotificationCategory,
    channel: keyof ChannelSwitches,
    on: boolean,
  ) =>
    setChannels((all) => ({
      ...all,
      [category]: { ...(all[category] ?? initial.channels[category]), [channel]: on },
    }));
  const errorFor = (path: string) => errors[path];
  const categoryError = (category: NotificationCategory) =>
    Object.entries(errors).find(([path]) => path.startsWith(`channels.${category}`))?.[1];
  const quietError = errors['quietHours'] ?? errors['quietHours.enabled'];

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    setErrors({});
    save.mutate(
      { channels, quietHours: quiet },
      {
        onSuccess: (next) => {
          setChannels(next.channels);
          setQuiet(next.quietHours);
          setSaved(true);
        },
        onError: (error) => {
          setErrors(problemFieldErrors(error));
          focusInvalid();
        },
      },
    );
  };

  const hasFieldErrors = Object.keys(errors).length > 0;
  return (
    <form ref={formRef} onSubmit={submit} noValidate className="notification-prefs">
      <Card title={t('notifications.preferences.channelsTitle')}>
        <p>{t('notifications.preferences.channelsHelp')}</p>
        {NOTIFICATION_CATEGORIES.map((category) => {
          const error = categoryError(category);
          const errorId = error ? `${id}-${category}-error` : undefined;
          return (
            <fieldset
              key={category}
              className="notification-prefs__category"
              aria-invalid={error ? true : undefined}
              aria-describedby={errorId}
            >
              <legend>{t(`notifications.preferences.categories.${category}`)}</legend>
              <div className="notification-prefs__channels">
                {NOTIFICATION_CHANNELS.map((channel) => (
                  <label key={channel} className="cc-radio">
                    <input
                      type="checkbox"
                      name={`${category}.${channel}`}
                      checked={channels[category]?.[channel] ?? false}
                      onChange={(e) => setChannel(category, channel, e.target.checked)}
                    />
                    <span>{t(`notifications.preferences.channels.${channel}`)}</span>
                  </label>
                ))}
              </div>
              <FieldError id={errorId}>{error}</FieldError>
            </fieldset>
          );
        })}
      </Card>
      <Card title={t('notifications.preferences.quietTitle')}>
        <p id={`${id}-quiet-help`}>{t('notifications.preferences.quietHelp')}</p>
        <label className="cc-radio">
          <input
            type="checkbox"
            checked={quiet.enabled}
            aria-describedby={`${id}-quiet-help`}
            aria-invalid={quietError ? true : undefined}
            onChange={(e) => setQuiet({ ...quiet, enabled: e.target.checked })}
          />
          <span>{t('notifications.preferences.quietOn')}</span>
        </label>
        <FieldError id={quietError ? `${id}-quiet-error` : undefined}>{quietError}</FieldError>
        <div className="notification-prefs__times">
          <TextField
            type="time"
            label={t('notifications.preferences.quietStart')}
            value={quiet.start}
            error={errorFor('quietHours.start')}
            onChange={(e) => setQuiet({ ...quiet, start: e.target.value })}
          />
          <TextField
            type="time"
            label={t('notifications.preferences.quietEnd')}
            value={quiet.end}
            error={errorFor('quietHours.end')}
            onChange={(e) => setQuiet({ ...quiet, end: e.target.value })}
          />
        </div>
        <p>
          {t('notifications.preferences.zone', { zone: initial.timeZone })}{' '}
          <Link to="/profile">{t('notifications.preferences.changeZone')}</Link>
        </p>
      </Card>
      <div aria-live="polite">{saved && <p>{t('notifications.preferences.saved')}</p>}</div>
      {save.isError && (
        <Alert
          tone="error"
          title={t(
            hasFieldErrors ? 'notifications.preferences.saveFailed' : 'notifications.actionFailed',
          )}
        />
      )}
      <Button type="submit" disabled={save.isPending} className="notification-prefs__start">
        {t(save.isPending ? 'notifications.preferences.saving' : 'notifications.preferences.save')}
      </Button>
    </form>
  );
}
