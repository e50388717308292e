import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ApiError, useVerifyEmailMutation } from '@carecircle/client';
import { Alert, ButtonLink, IconHome, LoadingState } from '../../ui/index.ts';
import { AreaPage } from '../area-page.tsx';
import './signup.css';

/** Opened from the e-mailed link: sends the token once and says what happened. */
export function VerifyEmailPage() {
  const { t } = useTranslation(['common', 'web']);
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const verify = useVerifyEmailMutation();
  const sent = useRef(false);
  useEffect(() => {
    // Once only: a token works once, so a second request would report a failure.
    if (!token || sent.current) return;
    sent.current = true;
    verify.mutate({ token });
  }, [token, verify]);

  let body;
  if (!token) {
    body = (
      <Alert tone="error" title={t('web:account.verify.failedTitle')}>
        <p>{t('web:account.verify.missingToken')}</p>
      </Alert>
    );
  } else if (verify.isSuccess) {
    body = (
      <Alert tone="success" title={t('web:account.verify.doneTitle')}>
        <p>{t('web:account.verify.doneBody')}</p>
      </Alert>
    );
  } else if (verify.isError) {
    body = (
      <Alert tone="error" title={t('web:account.verify.failedTitle')}>
        <p>
          {verify.error instanceof ApiError && verify.error.status === 0
            ? t('common.offline')
            : verify.error.message}
        </p>
      </Alert>
    );
  } else {
    body = <LoadingState label={t('web:account.verify.checking')} />;
  }
  return (
    <AreaPage title={t('web:account.verify.title')}>
      <div className="account-page">
        {body}
        <ButtonLink to="/" variant="secondary" icon={<IconHome />}>
          {t('common.goHome')}
        </ButtonLink>
      </div>
    </AreaPage>
  );
}
