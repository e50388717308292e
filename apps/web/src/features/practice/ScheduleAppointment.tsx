import { useTranslation } from 'react-i18next';
import type { Appointment } from '@carecircle/core';
import { formatTime } from '../../lib/format-date.ts';
import { usePreferences } from '../../lib/preferences.tsx';
import { Button } from '../../ui/index.ts';
import type { ScheduleAction } from './schedule-actions.ts';

/** The element id of an appointment on the schedule (to put focus back on it). */
export const appointmentItemId = (id: string) => `practice-appt-${id}`;

/** One appointment on the schedule: when, who, what, its status and what can be done next. */
export function ScheduleAppointment({
  appointment: a,
  timeZone,
  actions,
  busy,
  onAction,
}: {
  appointment: Appointment;
  timeZone: string;
  actions: readonly ScheduleAction[];
  busy: boolean;
  onAction: (action: ScheduleAction, trigger: HTMLElement) => void;
}) {
  const { t } = useTranslation('web');
  const { locale } = usePreferences();
  const start = formatTime(new Date(a.start), { locale, timeZone });
  const end = formatTime(new Date(a.end), { locale, timeZone });
  const final = a.status === 'cancelled' || a.status === 'no_show';
  return (
    <li
      id={appointmentItemId(a.id)}
      tabIndex={-1}
      className={`practice-appt practice-appt--${a.status}${final ? ' practice-appt--final' : ''}`}
    >
      <p className="practice-appt__time">
        <time dateTime={a.start}>{t('practice.schedule.time', { start, end })}</time>
      </p>
      <div className="practice-appt__main">
        <p className="practice-appt__name">{a.patient.name}</p>
        <p className="practice-appt__what">
          {a.appointmentType.name} · {t(`modality.${a.appointmentType.modality}`)}
        </p>
        <p className="practice-appt__status">
          <span className={`practice-status practice-status--${a.status}`}>
            {t(`practice.schedule.status.${a.status}`)}
          </span>
        </p>
        {a.reason && (
          <p className="practice-appt__note">
            {t('practice.schedule.reason', { reason: a.reason })}
          </p>
        )}
        {a.bookedBy.id !== a.patient.id && (
          <p className="practice-appt__note">
            {t('practice.schedule.bookedBy', { name: a.bookedBy.name })}
          </p>
        )}
        {a.cancellation && (
          <p className="practice-appt__note">
            {t('practice.schedule.cancelledBecause', { reason: a.cancellation.reason })}
          </p>
        )}
        {actions.length > 0 && (
          <div className="practice-actions">
            {actions.map((action) => (
              <Button
                key={action}
                variant={action === 'cancel' || action === 'noShow' ? 'secondary' : 'primary'}
                disabled={busy}
                aria-label={t(`practice.schedule.actionNames.${action}`, {
                  name: a.patient.name,
                  time: start,
                })}
                onClick={(e) => onAction(action, e.currentTarget)}
              >
                {t(`practice.schedule.actions.${action}`)}
              </Button>
            ))}
          </div>
        )}
      </div>
    </li>
  );
}
