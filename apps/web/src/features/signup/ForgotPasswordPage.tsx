import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, useRequestPasswordResetMutation } from '@carecircle/client';
import { Alert, Button, TextField } from '../../ui/index.ts';
import { AreaPage } from '../area-page.tsx';
import { fieldErrorsFrom } from './field-errors.ts';
import './signup.css';

/** Asks for a reset link. The answer is the same whether or not the address has an account. */
export function ForgotPasswordPage() {
  const { t } = useTranslation(['common', 'web']);
  const request = useRequestPasswordResetMutation();
  const [email, setEmail] = useState('');
  const [error, setError] = useState<string | undefined>();

  if (request.isSuccess) {
    return (
      <AreaPage title={t('web:account.forgot.sentTitle')}>
        <Alert tone="success" title={t('web:account.forgot.sentTitle')}>
          <p>{t('web:account.forgot.sentBody', { email: request.variables.email })}</p>
        </Alert>
      </AreaPage>
    );
  }

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    request.mutate(
      { email },
      {
        onError: (err) => {
          const message =
            fieldErrorsFrom(err, ['email'] as const, t).email ??
            (err instanceof ApiError && err.status === 0 ? t('common.offline') : err.message);
          setError(message);
          setTimeout(() => document.getElementById('forgot-email')?.focus(), 0);
        },
      },
    );
  };

  return (
    <AreaPage title={t('web:account.forgot.title')} intro={t('web:account.forgot.intro')}>
      <form className="account-form" noValidate onSubmit={onSubmit}>
        <TextField
          id="forgot-email"
          type="email"
          label={t('web:account.signUp.email')}
          error={error}
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          autoComplete="email"
          required
        />
        <div className="account-form__actions">
          <Button type="submit" disabled={request.isPending}>
            {request.isPending
              ? t('web:account.forgot.submitting')
              : t('web:account.forgot.submit')}
          </Button>
        </div>
      </form>
    </AreaPage>
  );
}
