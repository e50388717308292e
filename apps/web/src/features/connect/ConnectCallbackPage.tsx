import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { useCompleteConnectionMutation } from '@carecircle/client';
import { Alert, ButtonLink, LoadingState } from '../../ui/index.ts';
import { errorMessage } from '../booking/error-message.ts';
import { RecordsFrame } from '../records/RecordsFrame.tsx';

/**
 * The states already handed to the server. An approval is single-use, and React StrictMode runs
 * effects twice (and a remount must not send it again either).
 */
const handled = new Set<string>();

/**
 * /records/connect/callback: where the health system sends the browser back, with `code` and
 * `state` (or `error`, e.g. access_denied). Hands them to the server once, then shows the
 * import's progress on /records/connect.
 */
export function ConnectCallbackPage() {
  const { t } = useTranslation(['common', 'web']);
  return (
    <RecordsFrame title={t('web:connect.callbackTitle')}>
      <CompleteConnection />
    </RecordsFrame>
  );
}

function CompleteConnection() {
  const { t } = useTranslation(['common', 'web']);
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const state = params.get('state') ?? '';
  const code = params.get('code') ?? undefined;
  const error = params.get('error') ?? undefined;
  const complete = useCompleteConnectionMutation();
  const { mutateAsync } = complete;
  const answered = state !== '' && (code !== undefined || error !== undefined);

  useEffect(() => {
    if (!answered || handled.has(state)) return;
    handled.add(state);
    mutateAsync({ state, code, error })
      .then(() => navigate('/records/connect', { replace: true }))
      .catch(() => undefined); // shown from the mutation's state below
  }, [answered, state, code, error, mutateAsync, navigate]);

  if (!answered) {
    return (
      <Alert
        tone="error"
        title={t('web:connect.callbackFailed')}
        action={<ButtonLink to="/records/connect">{t('web:connect.startAgain')}</ButtonLink>}
      >
        <p>{t('web:connect.missingAnswer')}</p>
      </Alert>
    );
  }
  if (complete.isError) {
    return (
      <Alert
        tone="error"
        title={t('web:connect.callbackFailed')}
        action={<ButtonLink to="/records/connect">{t('web:connect.startAgain')}</ButtonLink>}
      >
        <p>{errorMessage(complete.error, t)}</p>
      </Alert>
    );
  }
  return <LoadingState label={t('web:connect.finishing')} />;
}
