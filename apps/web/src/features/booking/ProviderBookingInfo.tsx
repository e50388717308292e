import { useTranslation } from 'react-i18next';
import type { ProviderListItem } from '@carecircle/core';
import { formatDateTime } from '../../lib/format-date.ts';
import { usePreferences } from '../../lib/preferences.tsx';
import { ButtonLink, IconCalendar } from '../../ui/index.ts';

/** Under a provider card: the next free time, what can be booked, and "See times". */
export function ProviderBookingInfo({ provider }: { provider: ProviderListItem }) {
  const { t } = useTranslation(['common', 'web']);
  const { locale } = usePreferences();
  return (
    <div className="provider-booking">
      <p className="provider-booking__next">
        <IconCalendar size="1.1em" />{' '}
        {provider.nextAvailable
          ? t('web:booking.nextAvailable', {
              when: formatDateTime(new Date(provider.nextAvailable), { locale }),
            })
          : t('web:booking.noneAvailable')}
      </p>
      {provider.appointmentTypes.length > 0 ? (
        <>
          <ul className="provider-booking__types" aria-label={t('web:booking.visits')}>
            {provider.appointmentTypes.map((type) => (
              <li key={type.id}>
                {t('web:booking.visitOption', {
                  name: type.name,
                  minutes: type.durationMinutes,
                  modality: t(`web:modality.${type.modality}`),
                })}
              </li>
            ))}
          </ul>
          <ButtonLink
            to={`/book/${provider.id}`}
            aria-label={t('web:booking.seeTimesWith', { name: provider.name })}
          >
            {t('web:booking.seeTimes')}
          </ButtonLink>
        </>
      ) : (
        <p className="provider-booking__none">{t('web:booking.noTypes')}</p>
      )}
    </div>
  );
}
