import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Modality, ProviderSummary } from '@carecircle/core';
import { languageName } from '../../lib/language-name.ts';
import {
  Heading,
  IconLanguage,
  IconMapPin,
  IconPhone,
  IconProfile,
  IconVideo,
} from '../../ui/index.ts';

const modalityIcons = { in_person: IconProfile, video: IconVideo, phone: IconPhone } as const;

export function ProviderCard({
  provider,
  children,
}: {
  provider: ProviderSummary;
  /** More about the provider under the facts, e.g. free times and a link to book. */
  children?: ReactNode;
}) {
  const { t, i18n } = useTranslation(['common', 'web']);
  const languages = provider.languages.map((l) => languageName(l, i18n.language)).join(', ');
  return (
    <li className="provider-card">
      <Heading level={3}>{provider.name}</Heading>
      <p className="provider-card__specialty">{provider.specialty}</p>
      <dl className="provider-card__facts">
        <div>
          <dt>
            <IconLanguage size="1.1em" /> {t('web:home.languages')}
          </dt>
          <dd>{languages}</dd>
        </div>
        <div>
          <dt>
            <IconMapPin size="1.1em" /> {t('web:home.clinic')}
          </dt>
          <dd>
            {provider.location.name}
            <br />
            <span className="provider-card__address">{provider.location.address}</span>
          </dd>
        </div>
        {provider.modalities.length > 0 ? (
          <div>
            <dt>{t('web:home.modalities')}</dt>
            <dd>
              <ul className="provider-card__modalities">
                {provider.modalities.map((m: Modality) => {
                  const Icon = modalityIcons[m];
                  return (
                    <li key={m}>
                      <Icon size="1.1em" /> {t(`web:modality.${m}`)}
                    </li>
                  );
                })}
              </ul>
            </dd>
          </div>
        ) : null}
      </dl>
      {children}
    </li>
  );
}
