import { useTranslation } from 'react-i18next';
import type { Modality } from '@carecircle/core';
import { formatDateTime } from '../../lib/format-date.ts';
import { usePreferences } from '../../lib/preferences.tsx';
import { browserTimeZone } from './booking-dates.ts';

/** "When" of a booking's facts (`<dl className="booking-facts">`), with the clinic's time if it differs. */
export function WhenFact({ start, clinicZone }: { start: Date; clinicZone: string }) {
  const { t } = useTranslation(['common', 'web']);
  const { locale } = usePreferences();
  return (
    <div>
      <dt>{t('web:booking.when')}</dt>
      <dd>
        <strong>{formatDateTime(start, { locale })}</strong>
        {clinicZone !== browserTimeZone() ? (
          <span className="booking-facts__aside">
            {t('web:booking.clinicTime', {
              time: formatDateTime(start, { locale, timeZone: clinicZone }),
              zone: clinicZone,
            })}
          </span>
        ) : null}
      </dd>
    </div>
  );
}

/** "With", "Visit", "How" and (in person) "Where" of a booking's facts. */
export function VisitFacts({
  provider,
  type,
}: {
  provider: { name: string; specialty: string; location: { name: string; address: string } };
  type: { name: string; durationMinutes: number; modality: Modality };
}) {
  const { t } = useTranslation(['common', 'web']);
  return (
    <>
      <div>
        <dt>{t('web:booking.with')}</dt>
        <dd>
          {provider.name}
          <span className="booking-facts__aside">{provider.specialty}</span>
        </dd>
      </div>
      <div>
        <dt>{t('web:booking.visit')}</dt>
        <dd>
          {type.name} · {t('web:booking.minutes', { count: type.durationMinutes })}
        </dd>
      </div>
      <div>
        <dt>{t('web:booking.how')}</dt>
        <dd>{t(`web:modality.${type.modality}`)}</dd>
      </div>
      {type.modality === 'in_person' ? (
        <div>
          <dt>{t('web:booking.where')}</dt>
          <dd>
            {provider.location.name}
            <span className="booking-facts__aside">{provider.location.address}</span>
          </dd>
        </div>
      ) : null}
    </>
  );
}
