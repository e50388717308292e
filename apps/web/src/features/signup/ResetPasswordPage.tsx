import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ApiError, useConfirmPasswordResetMutation } from '@carecircle/client';
import { Alert, Button, ButtonLink, IconHome, TextField } from '../../ui/index.ts';
import { AreaPage } from '../area-page.tsx';
import { fieldErrorsFrom, isProblem } from './field-errors.ts';
import './signup.css';

/** Opened from the reset e-mail: choose a new password (the same rules as sign-up). */
export function ResetPasswordPage() {
  const { t } = useTranslation(['common', 'web']);
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const confirm = useConfirmPasswordResetMutation();
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | undefined>();

  if (confirm.isSuccess) {
    return (
      <AreaPage title={t('web:account.reset.doneTitle')}>
        <div className="account-page">
          <Alert tone="success" title={t('web:account.reset.doneTitle')}>
            <p>{t('web:account.reset.doneBody')}</p>
          </Alert>
          <ButtonLink to="/" icon={<IconHome />}>
            {t('common.goHome')}
          </ButtonLink>
        </div>
      </AreaPage>
    );
  }

  const linkFailed = !token || isProblem(confirm.error, 'link-invalid');
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    confirm.mutate(
      { token, password },
      {
        onError: (err) => {
          if (isProblem(err, 'link-invalid')) return;
          setError(
            fieldErrorsFrom(err, ['password'] as const, t).password ??
              (err instanceof ApiError && err.status === 0 ? t('common.offline') : err.message),
          );
          setTimeout(() => document.getElementById('reset-password')?.focus(), 0);
        },
      },
    );
  };

  return (
    <AreaPage title={t('web:account.reset.title')} intro={t('web:account.reset.intro')}>
      {linkFailed ? (
        <div className="account-page">
          <Alert
            tone="error"
            title={t('web:account.reset.linkFailedTitle')}
            action={
              <ButtonLink to="/forgot-password" variant="secondary">
                {t('web:account.reset.askAgain')}
              </ButtonLink>
            }
          >
            <p>{confirm.error?.message ?? t('web:account.verify.missingToken')}</p>
          </Alert>
        </div>
      ) : (
        <form className="account-form" noValidate onSubmit={onSubmit}>
          <TextField
            id="reset-password"
            type="password"
            label={t('web:account.reset.password')}
            description={t('web:account.signUp.passwordRules')}
            error={error}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoComplete="new-password"
            minLength={12}
            maxLength={128}
            required
          />
          <div className="account-form__actions">
            <Button type="submit" disabled={confirm.isPending}>
              {confirm.isPending
                ? t('web:account.reset.submitting')
                : t('web:account.reset.submit')}
            </Button>
          </div>
        </form>
      )}
    </AreaPage>
  );
}
