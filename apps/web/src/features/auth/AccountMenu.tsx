import { useMeQuery } from '@carecircle/client';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { Button } from '../../ui/index.ts';
import { useAuthSession, useSessionState } from './SessionProvider.tsx';

/** "Sign in" when signed out; who is signed in and "Sign out" otherwise. */
export function AccountMenu() {
  const session = useAuthSession();
  const { status } = useSessionState();
  const me = useMeQuery({ enabled: status === 'signed-in' });
  const location = useLocation();
  const { t } = useTranslation('web');

  if (status === 'unknown') return null;
  if (status === 'signed-out') {
    return (
      <div className="account-menu">
        <Button onClick={() => void session.signIn(`${location.pathname}${location.search}`)}>
          {t('auth.signIn')}
        </Button>
      </div>
    );
  }
  return (
    <div className="account-menu">
      {me.data && (
        <span className="account-menu__name">{t('auth.signedInAs', { name: me.data.name })}</span>
      )}
      <Button variant="secondary" onClick={() => void session.signOut()}>
        {t('auth.signOut')}
      </Button>
    </div>
  );
}
