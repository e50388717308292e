import { useTranslation } from 'react-i18next';
import { useActingForQuery } from '@carecircle/client';
import { ButtonLink, IconRecords } from '../../ui/index.ts';
import { useActingFor } from '../sharing/ActingForProvider.tsx';

/**
 * "Connect a health system", for the record home. Only for one's own record: connecting signs in
 * at the other system as the patient, so it is not offered while acting for someone.
 */
export function ConnectHealthSystemLink({
  variant = 'secondary',
}: {
  variant?: 'primary' | 'secondary' | 'quiet';
}) {
  const { t } = useTranslation('web');
  const { acting } = useActingFor();
  const grants = useActingForQuery();
  if (grants.isPending || acting) return null;
  return (
    <ButtonLink to="/records/connect" variant={variant} icon={<IconRecords />}>
      {t('connect.link')}
    </ButtonLink>
  );
}
