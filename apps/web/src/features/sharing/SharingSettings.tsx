import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  ApiError,
  useGrantsQuery,
  useInviteCaregiverMutation,
  useMeQuery,
  useRevokeGrantMutation,
} from '@carecircle/client';
import type { Grant, GrantScope } from '@carecircle/core';
import { usePreferences } from '../../lib/preferences.tsx';
import { formatDay } from '../../lib/format-date.ts';
import {
  Alert,
  Button,
  Card,
  CheckboxGroup,
  IconCommunity,
  LoadingState,
  TextField,
} from '../../ui/index.ts';
import { useSessionState } from '../auth/SessionProvider.tsx';
import { useActingFor } from './ActingForProvider.tsx';
import { grantScopes, scopeLabel, scopesSummary } from './scope-labels.ts';
import './sharing.css';

/** Profile → Sharing: whom a patient shares with, inviting someone, and stopping it. */
export function SharingSettings() {
  const { t } = useTranslation(['common', 'web']);
  const { status } = useSessionState();
  const me = useMeQuery({ enabled: status === 'signed-in' });
  const { acting } = useActingFor();
  if (status !== 'signed-in' || !me.data?.roles.includes('patient')) return null;
  return (
    <Card title={t('web:sharing.title')} icon={<IconCommunity />}>
      {acting ? (
        <p className="sharing__note">
          {t('web:sharing.whileActing', { name: acting.patient.name })}
        </p>
      ) : (
        <>
          <p className="sharing__note">{t('web:sharing.intro')}</p>
          <SharedWithList />
          <InviteForm />
        </>
      )}
    </Card>
  );
}

function SharedWithList() {
  const { t } = useTranslation(['common', 'web']);
  const grants = useGrantsQuery();
  if (grants.isPending) return <LoadingState label={t('web:sharing.loading')} />;
  if (grants.isError) {
    return (
      <Alert tone="error" title={t('web:sharing.loadFailed')}>
        <p>{grants.error.message}</p>
      </Alert>
    );
  }
  if (grants.data.items.length === 0) {
    return <p className="sharing__empty">{t('web:sharing.nobody')}</p>;
  }
  return (
    <ul className="sharing__list" aria-label={t('web:sharing.listLabel')}>
      {grants.data.items.map((grant) => (
        <GrantItem key={grant.id} grant={grant} />
      ))}
    </ul>
  );
}

function GrantItem({ grant }: { grant: Grant }) {
  const { t } = useTranslation(['common', 'web']);
  const { locale } = usePreferences();
  const revoke = useRevokeGrantMutation();
  const [confirming, setConfirming] = useState(false);
  const who = grant.caregiver?.name ?? grant.inviteeEmail;
  const what = scopesSummary(t, grant.scopes);
  const day = (iso: string) => formatDay(new Date(iso), { locale });
  const line =
    grant.status === 'active'
      ? t('web:sharing.sharedWith', { name: who, what })
      : grant.status === 'pending'
        ? t('web:sharing.invited', { email: who, what })
        : t('web:sharing.expired', { name: who, what });
  return (
    <li className="sharing__item">
      <p className="sharing__line">{line}</p>
      {grant.endsAt && grant.status !== 'expired' && (
        <p className="sharing__meta">{t('web:sharing.until', { date: day(grant.endsAt) })}</p>
      )}
      {confirming ? (
        <div role="group" aria-label={t('web:sharing.confirmLabel', { name: who })}>
          <p className="sharing__confirm">
            {grant.status === 'pending'
              ? t('web:sharing.confirmCancel', { email: who })
              : t('web:sharing.confirmRevoke', { name: who })}
          </p>
          <div className="sharing__actions">
            <Button
              variant="primary"
              disabled={revoke.isPending}
              onClick={() => revoke.mutate(grant.id, { onSuccess: () => setConfirming(false) })}
            >
              {grant.status === 'pending' ? t('web:sharing.yesCancel') : t('web:sharing.yesStop')}
            </Button>
            <Button variant="secondary" onClick={() => setConfirming(false)}>
              {t('web:sharing.keep')}
            </Button>
          </div>
          {revoke.isError && (
            <Alert tone="error" title={t('web:sharing.revokeFailed')}>
              <p>{revoke.error.message}</p>
            </Alert>
          )}
        </div>
      ) : (
        <Button variant="secondary" onClick={() => setConfirming(true)}>
          {grant.status === 'pending'
            ? t('web:sharing.cancelInvitation', { email: who })
            : t('web:sharing.stopSharing', { name: who })}
        </Button>
      )}
    </li>
  );
}

type Field = 'email' | 'scopes' | 'endsAt';

/** The end of the chosen day in the browser's time zone, as an ISO date-time. */
function endOfDay(date: string): string {
  return new Date(`${date}T23:59:59`).toISOString();
}

function InviteForm() {
  const { t } = useTranslation(['common', 'web']);
  const id = useId();
  const invite = useInviteCaregiverMutation();
  const [email, setEmail] = useState('');
  const [scopes, setScopes] = useState<GrantScope[]>([]);
  const [endsOn, setEndsOn] = useState('');
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [sentTo, setSentTo] = useState<string>();

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const local: Partial<Record<Field, string>> = {};
    if (!email.trim()) local.email = t('web:sharing.errors.email');
    if (scopes.length === 0) local.scopes = t('web:sharing.errors.scopes');
    setErrors(local);
    setSentTo(undefined);
    if (Object.keys(local).length > 0) {
      document.getElementById(local.email ? `${id}-email` : `${id}-scope`)?.focus();
      return;
    }
    invite.mutate(
      { email: email.trim(), scopes, ...(endsOn ? { endsAt: endOfDay(endsOn) } : {}) },
      {
        onSuccess: () => {
          setSentTo(email.trim());
          setEmail('');
          setScopes([]);
          setEndsOn('');
        },
        onError: (error) => {
          if (!(error instanceof ApiError) || !error.problem.errors) return;
          const next: Partial<Record<Field, string>> = {};
          for (const fe of error.problem.errors) {
            const field = fe.path.split('.')[1] as Field;
            if (field === 'email')
              next.email =
                fe.code === 'custom'
                  ? t('web:sharing.errors.notYourself')
                  : t('web:sharing.errors.email');
            if (field === 'scopes') next.scopes = t('web:sharing.errors.scopes');
            if (field === 'endsAt') next.endsAt = t('web:sharing.errors.endsAt');
          }
          setErrors(next);
        },
      },
    );
  };

  const otherError =
    invite.isError && !(invite.error instanceof ApiError && invite.error.problem.errors);
  return (
    <form className="sharing__form" noValidate onSubmit={onSubmit} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className="sharing__form-title">
        {t('web:sharing.inviteTitle')}
      </h3>
      {sentTo && (
        <Alert tone="success" title={t('web:sharing.sentTitle')}>
          <p>{t('web:sharing.sentBody', { email: sentTo })}</p>
        </Alert>
      )}
      {otherError && (
        <Alert tone="error" title={t('web:sharing.inviteFailed')}>
          <p>{invite.error.message}</p>
        </Alert>
      )}
      <TextField
        id={`${id}-email`}
        label={t('web:sharing.email')}
        description={t('web:sharing.emailHelp')}
        type="email"
        autoComplete="off"
        value={email}
        error={errors.email}
        onChange={(e) => setEmail(e.target.value)}
      />
      <CheckboxGroup
        firstId={`${id}-scope`}
        legend={t('web:sharing.scopesLegend')}
        description={t('web:sharing.scopesHelp')}
        options={grantScopes.map((s) => ({ value: s, label: scopeLabel(t, s) }))}
        values={scopes}
        error={errors.scopes}
        onChange={(values) => setScopes(values as GrantScope[])}
      />
      <TextField
        label={t('web:sharing.endsOn')}
        description={t('web:sharing.endsOnHelp')}
        type="date"
        value={endsOn}
        error={errors.endsAt}
        onChange={(e) => setEndsOn(e.target.value)}
      />
      <Button type="submit" disabled={invite.isPending}>
        {invite.isPending ? t('web:sharing.sending') : t('web:sharing.send')}
      </Button>
    </form>
  );
}
