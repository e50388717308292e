import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Appointment, ProviderSummary } from '@carecircle/core';
import { useAppointmentsQuery, useChangeAppointmentStatusMutation } from '@carecircle/client';
import { formatDay } from '../../lib/format-date.ts';
import { usePreferences } from '../../lib/preferences.tsx';
import { Alert, Button, EmptyState, Heading, IconCalendar, LoadingState } from '../../ui/index.ts';
import { CancelAppointmentDialog } from './CancelAppointmentDialog.tsx';
import {
  addDays,
  dateForDisplay,
  isLocalDate,
  localDateOf,
  startOfLocalDay,
  startOfWeek,
  toZonedIso,
} from './clinic-time.ts';
import { PracticeFrame } from './PracticeFrame.tsx';
import { problemDetail } from './problem-fields.ts';
import { actionStatus, actionsFor, type ScheduleAction } from './schedule-actions.ts';
import { appointmentItemId, ScheduleAppointment } from './ScheduleAppointment.tsx';

type View = 'day' | 'week';

/** Phones get the day view first; wider screens the week. */
function defaultView(): View {
  if (typeof window === 'undefined' || typeof window.matchMedia !== 'function') return 'day';
  return window.matchMedia('(min-width: 48em)').matches ? 'week' : 'day';
}

/** /practice: the provider's appointments by day or week, in the clinic's time zone. */
export function SchedulePage() {
  return (
    <PracticeFrame section="schedule">{(profile) => <Schedule profile={profile} />}</PracticeFrame>
  );
}

function Schedule({ profile }: { profile: ProviderSummary }) {
  const { t } = useTranslation('web');
  const { locale } = usePreferences();
  const timeZone = profile.location.timeZone;
  const [params, setParams] = useSearchParams();
  const today = localDateOf(new Date(), timeZone);
  const view: View =
    params.get('view') === 'week' || params.get('view') === 'day'
      ? (params.get('view') as View)
      : defaultView();
  const dateParam = params.get('date');
  const date = isLocalDate(dateParam) ? dateParam : today;
  const days = useMemo(() => {
    const first = view === 'week' ? startOfWeek(date) : date;
    return Array.from({ length: view === 'week' ? 7 : 1 }, (_, i) => addDays(first, i));
  }, [view, date]);
  const firstDay = days[0] ?? date;
  const lastDay = days[days.length - 1] ?? date;

  const appointments = useAppointmentsQuery({
    as: 'provider',
    from: toZonedIso(startOfLocalDay(firstDay, timeZone), timeZone),
    to: toZonedIso(startOfLocalDay(addDays(lastDay, 1), timeZone), timeZone),
  });
  const byDay = useMemo(() => {
    const map = new Map<string, Appointment[]>();
    const sorted = [...(appointments.data?.items ?? [])].sort(
      (x, y) => Date.parse(x.start) - Date.parse(y.start),
    );
    for (const a of sorted) {
      const day = localDateOf(new Date(a.start), timeZone);
      map.set(day, [...(map.get(day) ?? []), a]);
    }
    return map;
  }, [appointments.data, timeZone]);

  const changeStatus = useChangeAppointmentStatusMutation();
  const [message, setMessage] = useState<{ tone: 'success' | 'error'; text: string }>();
  const [cancelling, setCancelling] = useState<{
    appointment: Appointment;
    trigger: HTMLElement;
  }>();
  const focusAppointment = (id: string) => {
    // After the list has refreshed the item is still there (same key): put focus back on it.
    requestAnimationFrame(() => document.getElementById(appointmentItemId(id))?.focus());
  };

  const go = (next: { view?: View; date?: string }) => {
    const p = new URLSearchParams(params);
    p.set('view', next.view ?? view);
    p.set('date', next.date ?? date);
    setParams(p, { replace: false });
  };
  const step = view === 'week' ? 7 : 1;
  const dayLabel = (d: string) => formatDay(dateForDisplay(d), { locale, timeZone: 'UTC' });
  const rangeLabel =
    view === 'week'
      ? t('practice.schedule.weekRange', { from: dayLabel(firstDay), to: dayLabel(lastDay) })
      : dayLabel(date);

  const onAction = (a: Appointment, action: ScheduleAction, trigger: HTMLElement) => {
    setMessage(undefined);
    if (action === 'cancel') {
      setCancelling({ appointment: a, trigger });
      return;
    }
    const status = actionStatus[action];
    changeStatus.mutate(
      { appointmentId: a.id, body: { status } },
      {
        onSuccess: () => {
          setMessage({
            tone: 'success',
            text: t(`practice.schedule.done.${status}`, { name: a.patient.name }),
          });
          focusAppointment(a.id);
        },
        onError: (err) =>
          setMessage({
            tone: 'error',
            text: t('practice.schedule.actionFailed', { detail: problemDetail(err) ?? '' }),
          }),
      },
    );
  };

  const now = new Date();
  const renderList = (list: Appointment[]) => (
    <ol className="practice-day__list">
      {list.map((a) => (
        <ScheduleAppointment
          key={a.id}
          appointment={a}
          timeZone={timeZone}
          actions={actionsFor(a, now)}
          busy={changeStatus.isPending}
          onAction={(action, trigger) => onAction(a, action, trigger)}
        />
      ))}
    </ol>
  );

  return (
    <div className="practice-schedule">
      <div className="practice-toolbar">
        <div
          className="practice-toolbar__group"
          role="group"
          aria-label={t('practice.schedule.viewLabel')}
        >
          {(['day', 'week'] as const).map((v) => (
            <Button
              key={v}
              variant={view === v ? 'primary' : 'secondary'}
              aria-pressed={view === v}
              onClick={() => go({ view: v })}
            >
              {t(`practice.schedule.${v}`)}
            </Button>
          ))}
        </div>
        <div
          className="practice-toolbar__group"
          role="group"
          aria-label={t('practice.schedule.navLabel')}
        >
          <Button variant="secondary" onClick={() => go({ date: addDays(date, -step) })}>
            {view === 'week'
              ? t('practice.schedule.previousWeek')
              : t('practice.schedule.previousDay')}
          </Button>
          <Button variant="secondary" onClick={() => go({ date: today })}>
            {t('practice.schedule.today')}
          </Button>
          <Button variant="secondary" onClick={() => go({ date: addDays(date, step) })}>
            {view === 'week' ? t('practice.schedule.nextWeek') : t('practice.schedule.nextDay')}
          </Button>
        </div>
      </div>

      <Heading level={2} className="practice-schedule__range" aria-live="polite">
        {rangeLabel}
      </Heading>

      <div aria-live="polite">{message && <Alert tone={message.tone} title={message.text} />}</div>

      {appointments.isPending && <LoadingState label={t('practice.schedule.loading')} />}
      {appointments.isError && (
        <Alert
          tone="error"
          title={t('practice.schedule.failed')}
          action={
            <Button variant="secondary" onClick={() => void appointments.refetch()}>
              {t('practice.retry')}
            </Button>
          }
        />
      )}

      {appointments.isSuccess && view === 'day' && (
        <section aria-label={dayLabel(date)} className="practice-day">
          {(byDay.get(date) ?? []).length === 0 ? (
            <EmptyState
              icon={<IconCalendar />}
              headingLevel={3}
              title={t('practice.schedule.emptyDay')}
              body={t('practice.schedule.emptyDayBody')}
            />
          ) : (
            renderList(byDay.get(date) ?? [])
          )}
        </section>
      )}

      {appointments.isSuccess && view === 'week' && (
        <ol className="practice-week">
          {days.map((d) => {
            const list = byDay.get(d) ?? [];
            const headingId = `practice-day-${d}`;
            return (
              <li key={d} className="practice-week__day">
                <section aria-labelledby={headingId} className="practice-day">
                  <Heading level={3} id={headingId} className="practice-day__heading">
                    <span>{dayLabel(d)}</span>
                    {d === today && (
                      <span className="practice-day__today">
                        {t('practice.schedule.todayBadge')}
                      </span>
                    )}
                    {list.length > 0 && (
                      <span className="practice-day__count">
                        {t('practice.schedule.count', { count: list.length })}
                      </span>
                    )}
                  </Heading>
                  {list.length === 0 ? (
                    <p className="practice-day__empty">{t('practice.schedule.emptyDay')}</p>
                  ) : (
                    renderList(list)
                  )}
                </section>
              </li>
            );
          })}
        </ol>
      )}

      {cancelling && (
        <CancelAppointmentDialog
          appointment={cancelling.appointment}
          timeZone={timeZone}
          onClose={(cancelled) => {
            const { appointment, trigger } = cancelling;
            setCancelling(undefined);
            if (cancelled) {
              setMessage({
                tone: 'success',
                text: t('practice.schedule.done.cancelled', { name: appointment.patient.name }),
              });
              focusAppointment(appointment.id);
            } else {
              trigger.focus();
            }
          }}
        />
      )}
    </div>
  );
}
