import { useTranslation } from 'react-i18next';
import { Alert, Button } from '../../ui/index.ts';
import { useAuthSession, useSessionState } from './SessionProvider.tsx';
import { useIdleSignOut } from './use-idle-sign-out.ts';

/** The warning before automatic sign-out (HIPAA automatic logoff), announced to screen readers. */
export function IdleWarning({ timeoutMs, warningMs }: { timeoutMs?: number; warningMs?: number }) {
  const session = useAuthSession();
  const { status } = useSessionState();
  const { secondsLeft, stayActive } = useIdleSignOut(session, status, { timeoutMs, warningMs });
  const { t } = useTranslation('web');
  if (secondsLeft === null) return null;
  // Whole minutes only: a ticking number inside an alert would be read out every second.
  const minutes = Math.max(1, Math.ceil(secondsLeft / 60));
  return (
    <div className="idle-warning">
      <Alert
        tone="error"
        title={t('auth.idleTitle')}
        action={
          <Button onClick={stayActive} autoFocus>
            {t('auth.staySignedIn')}
          </Button>
        }
      >
        {t('auth.idleBody', { count: minutes })}
      </Alert>
    </div>
  );
}
