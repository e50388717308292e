import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate, useSearchParams } from 'react-router';
import {
  ApiError,
  useAcceptInvitationMutation,
  usePreviewInvitationMutation,
} from '@carecircle/client';
import { Alert, Button, ButtonLink, IconHome, LoadingState } from '../../ui/index.ts';
import { AreaPage } from '../area-page.tsx';
import { useAuthSession, useSessionState } from '../auth/SessionProvider.tsx';
import { useActingFor } from './ActingForProvider.tsx';
import { scopeLabel } from './scope-labels.ts';
import './sharing.css';

/** Opened from the invitation e-mail: sign in (or sign up), see what is offered, accept. */
export function AcceptInvitationPage() {
  const { t } = useTranslation(['common', 'web']);
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const { status } = useSessionState();
  const session = useAuthSession();
  const location = useLocation();
  const navigate = useNavigate();
  const { setActingFor } = useActingFor();
  const preview = usePreviewInvitationMutation();
  const accept = useAcceptInvitationMutation();
  const asked = useRef(false);
  useEffect(() => {
    if (!token || status !== 'signed-in' || asked.current) return;
    asked.current = true;
    preview.mutate(token);
  }, [token, status, preview]);

  const errorText = (error: Error) =>
    error instanceof ApiError && error.status === 0 ? t('common.offline') : error.message;
  const returnTo = `${location.pathname}${location.search}`;

  let body;
  if (!token) {
    body = (
      <Alert tone="error" title={t('web:sharing.accept.failedTitle')}>
        <p>{t('web:sharing.accept.missingToken')}</p>
      </Alert>
    );
  } else if (status === 'unknown') {
    body = <LoadingState label={t('web:sharing.accept.checking')} />;
  } else if (status === 'signed-out') {
    body = (
      <>
        <p>{t('web:sharing.accept.signInFirst')}</p>
        <div className="sharing__actions">
          <Button onClick={() => void session.signIn(returnTo)}>{t('web:auth.signIn')}</Button>
          <Button
            variant="secondary"
            onClick={() => void session.signIn(returnTo, { prompt: 'create' })}
          >
            {t('web:sharing.accept.createAccount')}
          </Button>
        </div>
      </>
    );
  } else if (accept.isSuccess) {
    const name = accept.data.patient.name;
    body = (
      <Alert
        tone="success"
        title={t('web:sharing.accept.doneTitle', { name })}
        action={
          <Button
            onClick={() => {
              setActingFor(accept.data.patient.id);
              void navigate('/');
            }}
          >
            {t('web:sharing.accept.startActing', { name })}
          </Button>
        }
      >
        <p>{t('web:sharing.accept.doneBody', { name })}</p>
      </Alert>
    );
  } else if (preview.isError) {
    body = (
      <Alert tone="error" title={t('web:sharing.accept.failedTitle')}>
        <p>{errorText(preview.error)}</p>
      </Alert>
    );
  } else if (preview.isSuccess) {
    const offer = preview.data;
    body = (
      <>
        <p>{t('web:sharing.accept.offer', { name: offer.patient.name })}</p>
        <ul className="sharing__scopes">
          {offer.scopes.map((s) => (
            <li key={s}>{scopeLabel(t, s)}</li>
          ))}
        </ul>
        {!offer.forThisAccount && (
          <Alert tone="error" title={t('web:sharing.accept.otherAddressTitle')}>
            <p>{t('web:sharing.accept.otherAddressBody')}</p>
          </Alert>
        )}
        {accept.isError && (
          <Alert tone="error" title={t('web:sharing.accept.failedTitle')}>
            <p>{errorText(accept.error)}</p>
          </Alert>
        )}
        <Button
          disabled={!offer.forThisAccount || accept.isPending}
          onClick={() => accept.mutate(token)}
        >
          {t('web:sharing.accept.accept', { name: offer.patient.name })}
        </Button>
      </>
    );
  } else {
    body = <LoadingState label={t('web:sharing.accept.checking')} />;
  }
  return (
    <AreaPage title={t('web:sharing.accept.title')}>
      <div className="sharing__page">
        {body}
        <ButtonLink to="/" variant="secondary" icon={<IconHome />}>
          {t('common.goHome')}
        </ButtonLink>
      </div>
    </AreaPage>
  );
}
