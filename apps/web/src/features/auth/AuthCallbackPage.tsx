import { useEffect, useRef } from 'react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { LoadingState } from '../../ui/index.ts';
import { useAuthSession } from './SessionProvider.tsx';

/** Where the authorization server sends the browser back to: redeems the code, then moves on. */
export function AuthCallbackPage() {
  const session = useAuthSession();
  const navigate = useNavigate();
  const { t } = useTranslation('web');
  const started = useRef(false);

  useEffect(() => {
    if (started.current) return; // React StrictMode runs effects twice; a code is single-use.
    started.current = true;
    void session
      .completeSignIn(window.location.href)
      .then((next) => navigate(next, { replace: true }));
  }, [session, navigate]);

  return <LoadingState label={t('auth.signingIn')} />;
}
