import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AdminAccount } from '@carecircle/core';
import { useReinstateAccountMutation, useSuspendAccountMutation } from '@carecircle/client';
import { Button } from '../../ui/index.ts';

/** One account in the admin search, with Suspend / Reinstate behind a confirmation. */
export function AccountRow({
  account,
  isMe,
  onDone,
}: {
  account: AdminAccount;
  isMe: boolean;
  onDone: (message: string) => void;
}) {
  const { t } = useTranslation('web');
  const suspend = useSuspendAccountMutation();
  const reinstate = useReinstateAccountMutation();
  const [confirming, setConfirming] = useState(false);
  const name = account.name;
  const canSuspend = account.status === 'active' && !isMe;
  const canReinstate = account.status === 'disabled';
  const busy = suspend.isPending || reinstate.isPending;
  const run = () => {
    if (canSuspend) {
      suspend.mutate(
        { accountId: account.id },
        { onSuccess: () => onDone(t('adminArea.suspended', { name })) },
      );
    } else {
      reinstate.mutate(account.id, {
        onSuccess: () => onDone(t('adminArea.reinstated', { name })),
      });
    }
    setConfirming(false);
  };
  return (
    <li style={{ padding: '0.75rem 0', borderTop: '1px solid var(--cc-border, #ccc)' }}>
      <p style={{ margin: 0, fontWeight: 600 }}>{name}</p>
      <p style={{ margin: 0 }}>
        {account.email} · {t(`adminArea.status.${account.status}`)}
        {isMe && ` · ${t('adminArea.you')}`}
      </p>
      {confirming ? (
        <div
          role="group"
          aria-label={
            canSuspend ? t('adminArea.suspend', { name }) : t('adminArea.reinstate', { name })
          }
        >
          <p>
            {canSuspend
              ? t('adminArea.confirmSuspend', { name })
              : t('adminArea.confirmReinstate', { name })}
          </p>
          <Button onClick={run} disabled={busy}>
            {t('adminArea.confirm')}
          </Button>{' '}
          <Button variant="secondary" onClick={() => setConfirming(false)}>
            {t('adminArea.cancel')}
          </Button>
        </div>
      ) : (
        (canSuspend || canReinstate) && (
          <Button variant="secondary" onClick={() => setConfirming(true)} disabled={busy}>
            {canSuspend ? t('adminArea.suspend', { name }) : t('adminArea.reinstate', { name })}
          </Button>
        )
      )}
    </li>
  );
}
