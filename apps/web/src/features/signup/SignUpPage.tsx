import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError, useSignUpMutation } from '@carecircle/client';
import type { SignUpRole } from '@carecircle/core';
import { usePreferences } from '../../lib/preferences.tsx';
import { Alert, Button, ButtonLink, CheckboxGroup, IconHome, TextField } from '../../ui/index.ts';
import { AreaPage } from '../area-page.tsx';
import { fieldErrorsFrom, focusFirstError, isProblem, type FieldErrors } from './field-errors.ts';
import './signup.css';

const FIELDS = ['name', 'email', 'password', 'roles'] as const;
type Field = (typeof FIELDS)[number];
const ROLES: readonly SignUpRole[] = ['patient', 'caregiver', 'volunteer', 'provider'];
const idOf = (field: Field) => (field === 'roles' ? 'signup-role-first' : `signup-${field}`);

function browserTimeZone(): string | undefined {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || undefined;
  } catch {
    return undefined;
  }
}

/** Sign-up: name, e-mail, password (rules up front) and roles; errors next to each field. */
export function SignUpPage() {
  const { t } = useTranslation(['common', 'web']);
  const { locale } = usePreferences();
  const signUp = useSignUpMutation();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [roles, setRoles] = useState<string[]>([]);
  const [errors, setErrors] = useState<FieldErrors<Field>>({});
  const [formError, setFormError] = useState<{ title: string; body?: string } | undefined>();

  if (signUp.isSuccess) {
    return (
      <AreaPage title={t('web:account.signUp.checkEmailTitle')}>
        <div className="account-page">
          <Alert tone="success" title={t('web:account.signUp.checkEmailTitle')}>
            <p>{t('web:account.signUp.checkEmailBody', { email: signUp.data.email })}</p>
            <p>{t('web:account.signUp.checkEmailSpam')}</p>
            {signUp.data.status === 'pending' ? (
              <p>{t('web:account.signUp.providerPending')}</p>
            ) : null}
          </Alert>
          <ButtonLink to="/" icon={<IconHome />}>
            {t('common.goHome')}
          </ButtonLink>
        </div>
      </AreaPage>
    );
  }

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    setFormError(undefined);
    signUp.mutate(
      {
        name,
        email,
        password,
        roles: roles as SignUpRole[],
        locale,
        timeZone: browserTimeZone(),
      },
      {
        onError: (error) => {
          let next: FieldErrors<Field> = {};
          if (isProblem(error, 'email-taken')) {
            next = { email: t('web:account.signUp.emailTaken') };
          } else if (error instanceof ApiError && error.status === 400) {
            next = fieldErrorsFrom(error, FIELDS, t);
          }
          if (Object.keys(next).length > 0) {
            setErrors(next);
            setFormError({ title: t('web:account.signUp.fixErrors') });
            // After React has rendered the messages, so they are read with the field.
            setTimeout(() => focusFirstError(next, FIELDS, idOf), 0);
          } else if (error instanceof ApiError && error.status === 429) {
            setFormError({ title: t('web:account.tooMany'), body: error.message });
          } else {
            setFormError({
              title: t('common.error'),
              body:
                error instanceof ApiError && error.status === 0
                  ? t('common.offline')
                  : error.message,
            });
          }
        },
      },
    );
  };

  return (
    <AreaPage title={t('web:account.signUp.title')} intro={t('web:account.signUp.intro')}>
      <form className="account-form" noValidate onSubmit={onSubmit}>
        {formError ? (
          <Alert tone="error" title={formError.title}>
            {formError.body ? <p>{formError.body}</p> : null}
          </Alert>
        ) : null}
        <TextField
          id={idOf('name')}
          label={t('web:account.signUp.name')}
          description={t('web:account.signUp.nameHelp')}
          error={errors.name}
          value={name}
          onChange={(e) => setName(e.target.value)}
          autoComplete="name"
          maxLength={200}
          required
        />
        <TextField
          id={idOf('email')}
          type="email"
          label={t('web:account.signUp.email')}
          description={t('web:account.signUp.emailHelp')}
          error={errors.email}
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          autoComplete="email"
          maxLength={254}
          required
        />
        {errors.email && isProblem(signUp.error, 'email-taken') ? (
          <p>
            <Link to="/forgot-password">{t('web:account.signUp.forgotLink')}</Link>
          </p>
        ) : null}
        <TextField
          id={idOf('password')}
          type="password"
          label={t('web:account.signUp.password')}
          description={t('web:account.signUp.passwordRules')}
          error={errors.password}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          autoComplete="new-password"
          minLength={12}
          maxLength={128}
          required
        />
        <CheckboxGroup
          name="signup-roles"
          legend={t('web:account.signUp.roles')}
          description={t('web:account.signUp.rolesHelp')}
          error={errors.roles}
          values={roles}
          options={ROLES.map((r) => ({ value: r, label: t(`web:account.signUp.role.${r}`) }))}
          onChange={setRoles}
          firstId={idOf('roles')}
        />
        <div className="account-form__actions">
          <Button type="submit" disabled={signUp.isPending}>
            {signUp.isPending ? t('web:account.signUp.submitting') : t('web:account.signUp.submit')}
          </Button>
        </div>
      </form>
    </AreaPage>
  );
}
