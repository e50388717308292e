import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { useProviderQuery } from '@carecircle/client';
import type { Slot } from '@carecircle/core';
import { ButtonLink, Heading, RadioGroup } from '../../ui/index.ts';
import { AreaPage } from '../area-page.tsx';
import { MAX_WEEKS, weekIndexOf } from './booking-dates.ts';
import { SlotPicker } from './SlotPicker.tsx';
import { WaitlistForm } from './WaitlistForm.tsx';
import { ProviderQueryPage } from './ProviderQueryPage.tsx';
import { useReplaceSearchParam } from './use-search-param.ts';
import './booking.css';

/** Where to confirm a slot: the URL carries everything, so sign-in can bring people back. */
export function confirmPath(providerId: string, appointmentTypeId: string, start: string): string {
  const search = new URLSearchParams({ type: appointmentTypeId, start });
  return `/book/${providerId}/confirm?${search.toString()}`;
}

/** Book, step 2: a provider, the kind of visit, and the free times of one week. */
export function ProviderSlotsPage() {
  const { t } = useTranslation(['common', 'web']);
  const { providerId = '' } = useParams();
  const [params, setParam] = useReplaceSearchParam();
  const navigate = useNavigate();
  const provider = useProviderQuery(providerId);
  const [now] = useState(() => new Date());
  const weekParam = params.get('week');
  const parsedWeek = weekParam === null ? NaN : Number.parseInt(weekParam, 10);
  // Without a week in the URL, open on the week of the first free time.
  const week = Number.isFinite(parsedWeek)
    ? Math.min(MAX_WEEKS - 1, Math.max(0, parsedWeek))
    : provider.data?.nextAvailable
      ? weekIndexOf(new Date(provider.data.nextAvailable), now)
      : 0;

  if (provider.isPending || provider.isError) {
    return (
      <ProviderQueryPage
        title={t('web:booking.title')}
        query={provider}
        afterError={
          <ButtonLink to="/book" variant="secondary">
            {t('web:booking.backToSearch')}
          </ButtonLink>
        }
      />
    );
  }

  const p = provider.data;
  const types = p.appointmentTypes;
  const type = types.find((x) => x.id === params.get('type')) ?? types[0];
  const pick = (slot: Slot) => {
    if (type) void navigate(confirmPath(p.id, type.id, slot.start));
  };

  return (
    <AreaPage title={p.name} intro={`${p.specialty} · ${p.location.name}`}>
      <p>
        <ButtonLink to="/book" variant="quiet">
          {t('web:booking.backToSearch')}
        </ButtonLink>
      </p>
      {!type ? (
        <p>{t('web:booking.noTypes')}</p>
      ) : (
        <>
          {types.length > 1 ? (
            <RadioGroup
              legend={t('web:booking.typeLegend')}
              name="appointment-type"
              value={type.id}
              onChange={(id) => setParam('type', id)}
              options={types.map((x) => ({
                value: x.id,
                label: t('web:booking.visitOption', {
                  name: x.name,
                  minutes: x.durationMinutes,
                  modality: t(`web:modality.${x.modality}`),
                }),
              }))}
            />
          ) : (
            <p className="booking-type">
              {t('web:booking.visitOption', {
                name: type.name,
                minutes: type.durationMinutes,
                modality: t(`web:modality.${type.modality}`),
              })}
            </p>
          )}
          <section aria-labelledby="times-heading" className="booking-times">
            <Heading level={2} id="times-heading">
              {t('web:booking.timesHeading')}
            </Heading>
            <SlotPicker
              providerId={p.id}
              appointmentTypeId={type.id}
              clinicTimeZone={p.location.timeZone}
              week={week}
              onWeekChange={(w) => setParam('week', String(w))}
              onPick={pick}
              whenEmpty={
                <WaitlistForm
                  providerId={p.id}
                  appointmentTypeId={type.id}
                  clinicTimeZone={p.location.timeZone}
                  week={week}
                />
              }
            />
          </section>
        </>
      )}
    </AreaPage>
  );
}
