import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate, useSearchParams } from 'react-router';
import { Button, ButtonLink, EmptyState, IconRecords } from '../../ui/index.ts';
import { AreaPage } from '../area-page.tsx';
import { useAuthSession, useSessionState } from '../auth/SessionProvider.tsx';

/**
 * The frame of every record page: the h1 and tab title, and a sign-in prompt for people who
 * are signed out (the record is never shown to them).
 */
export function RecordsFrame({
  title,
  intro,
  children,
}: {
  title: string;
  intro?: string;
  children: ReactNode;
}) {
  const { t } = useTranslation(['common', 'web']);
  const { status } = useSessionState();
  const session = useAuthSession();
  const location = useLocation();
  return (
    <AreaPage title={title} intro={status === 'signed-in' ? intro : undefined}>
      {status === 'signed-in' ? (
        children
      ) : (
        <EmptyState
          icon={<IconRecords />}
          title={t('empty.records.title')}
          body={t('web:records.signedOut')}
          action={
            <Button onClick={() => void session.signIn(location.pathname + location.search)}>
              {t('web:auth.signIn')}
            </Button>
          }
        />
      )}
    </AreaPage>
  );
}

/** The patient a provider's chart links name in `?patientId=`; none on one's own record. */
export function usePatientParam(): string | undefined {
  const [params] = useSearchParams();
  return params.get('patientId') ?? undefined;
}

/** Back to the record home; from a provider's chart (`patientId`), back where they came from. */
export function BackToRecord({ patientId }: { patientId: string | undefined }) {
  const { t } = useTranslation(['common', 'web']);
  const navigate = useNavigate();
  return (
    <p>
      {patientId ? (
        <Button variant="quiet" onClick={() => void navigate(-1)}>
          {t('web:records.backChart')}
        </Button>
      ) : (
        <ButtonLink to="/records" variant="quiet">
          {t('web:records.back')}
        </ButtonLink>
      )}
    </p>
  );
}
