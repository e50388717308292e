import { useTranslation } from 'react-i18next';
import { Button, Select } from '../../ui/index.ts';
import { useActingFor } from './ActingForProvider.tsx';

const MYSELF = '';

/** Header control for caregivers: whom they act for (themselves, or a patient who granted it). */
export function ActingForSwitcher() {
  const { t } = useTranslation('web');
  const { acting, patients, setActingFor } = useActingFor();
  if (patients.length === 0) return null;
  return (
    <div className="acting-for-switcher">
      <Select
        compact
        label={t('sharing.actingFor.label')}
        options={[
          { value: MYSELF, label: t('sharing.actingFor.myself') },
          ...patients.map((p) => ({ value: p.patient.id, label: p.patient.name })),
        ]}
        value={acting?.patient.id ?? MYSELF}
        onChange={(e) => setActingFor(e.target.value || undefined)}
      />
    </div>
  );
}

/** Always visible while acting for someone (PRODUCT.md journey 2), with the way back. */
export function ActingForBanner() {
  const { t } = useTranslation('web');
  const { acting, setActingFor } = useActingFor();
  if (!acting) return null;
  return (
    <section className="acting-for-banner" aria-label={t('sharing.actingFor.bannerLabel')}>
      <p className="acting-for-banner__text">
        {t('sharing.actingFor.banner', { name: acting.patient.name })}
      </p>
      <Button variant="secondary" onClick={() => setActingFor(undefined)}>
        {t('sharing.actingFor.stop')}
      </Button>
    </section>
  );
}
