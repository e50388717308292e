import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  SmartAppInput,
  type RegisteredSmartApp,
  type SmartApp,
  type SmartClientType,
} from '@carecircle/core';
import {
  useDisableSmartAppMutation,
  useRegisterSmartAppMutation,
  useSmartAppsQuery,
} from '@carecircle/client';
import {
  Alert,
  Button,
  ButtonLink,
  Card,
  LoadingState,
  RadioGroup,
  TextField,
} from '../../ui/index.ts';
import { AreaPage } from '../area-page.tsx';
import { errorMessage } from '../booking/error-message.ts';
import { useFocusFirstInvalid, problemFieldErrors } from '../practice/problem-fields.ts';
import { useAdminRoles } from './use-admin-roles.ts';

const fields = ['name', 'redirectUris', 'scopes', 'launchUrl'] as const;
type Field = (typeof fields)[number];
type FieldErrors = Partial<Record<Field, string>>;
type Values = Record<Field, string> & { clientType: SmartClientType };

const EMPTY: Values = {
  name: '',
  redirectUris: '',
  clientType: 'public',
  scopes: 'openid fhirUser launch/patient offline_access patient/*.rs',
  launchUrl: '',
};

const words = (s: string) => s.split(/[\s,]+/).filter(Boolean);

function toInput(v: Values): SmartAppInput {
  return {
    name: v.name,
    redirectUris: words(v.redirectUris),
    clientType: v.clientType,
    scopes: words(v.scopes),
    launchUrl: v.launchUrl.trim() || null,
  };
}

/** /admin/smart-apps: third-party SMART on FHIR apps (admins only). */
export function SmartAppsPage() {
  const { t } = useTranslation('web');
  const { isAdmin, ready } = useAdminRoles();
  const [message, setMessage] = useState<string>();
  const [registered, setRegistered] = useState<RegisteredSmartApp>();
  return (
    <AreaPage title={t('smartApps.title')} intro={t('smartApps.intro')}>
      <p>
        <ButtonLink to="/admin" variant="quiet">
          {t('smartApps.back')}
        </ButtonLink>
      </p>
      {ready && !isAdmin && <Alert tone="info" title={t('smartApps.adminsOnly')} />}
      {isAdmin && (
        <div style={{ display: 'grid', gap: '1.5rem' }}>
          <div aria-live="polite">
            {message && <Alert tone="success" title={message} />}
            {registered && <Credentials registered={registered} />}
          </div>
          <AppsList
            onDone={(m) => {
              setRegistered(undefined);
              setMessage(m);
            }}
          />
          <RegisterForm
            onRegistered={(r) => {
              setMessage(undefined);
              setRegistered(r);
            }}
          />
        </div>
      )}
    </AreaPage>
  );
}

/** The new app's client id, and a confidential app's secret: shown this once. */
function Credentials({ registered }: { registered: RegisteredSmartApp }) {
  const { t } = useTranslation('web');
  return (
    <Alert tone="success" title={t('smartApps.registeredTitle', { name: registered.app.name })}>
      <p>{t('smartApps.credentials')}</p>
      <dl>
        <dt>{t('smartApps.clientIdLabel')}</dt>
        <dd>
          <code>{registered.app.clientId}</code>
        </dd>
        {registered.clientSecret && (
          <>
            <dt>{t('smartApps.clientSecretLabel')}</dt>
            <dd>
              <code style={{ overflowWrap: 'anywhere' }}>{registered.clientSecret}</code>
            </dd>
          </>
        )}
      </dl>
      {registered.clientSecret && (
        <p>
          <strong>{t('smartApps.secretOnce')}</strong>
        </p>
      )}
    </Alert>
  );
}

function AppsList({ onDone }: { onDone: (message: string) => void }) {
  const { t } = useTranslation('web');
  const apps = useSmartAppsQuery();
  const items = apps.data?.items;
  return (
    <Card title={t('smartApps.listTitle')}>
      {apps.isPending && <LoadingState label={t('smartApps.loading')} />}
      {apps.isError && <Alert tone="error" title={t('smartApps.failed')} />}
      {items?.length === 0 && <p>{t('smartApps.empty')}</p>}
      {items && items.length > 0 && (
        <div style={{ overflowX: 'auto' }}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('smartApps.columns.name')}</th>
                <th scope="col">{t('smartApps.columns.clientId')}</th>
                <th scope="col">{t('smartApps.columns.clientType')}</th>
                <th scope="col">{t('smartApps.columns.scopes')}</th>
                <th scope="col">{t('smartApps.columns.status')}</th>
                <th scope="col">{t('smartApps.columns.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((a) => (
                <AppRow key={a.clientId} app={a} onDone={onDone} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}

/** One registered app; "Disable" asks first. */
function AppRow({ app, onDone }: { app: SmartApp; onDone: (message: string) => void }) {
  const { t } = useTranslation(['common', 'web']);
  const disable = useDisableSmartAppMutation();
  const [confirming, setConfirming] = useState(false);
  const name = app.name;
  const run = () => {
    setConfirming(false);
    disable.mutate(app.clientId, {
      onSuccess: () => onDone(t('web:smartApps.disabledDone', { name })),
    });
  };
  return (
    <tr>
      <th scope="row">{name}</th>
      <td style={{ overflowWrap: 'anywhere' }}>
        <code>{app.clientId}</code>
      </td>
      <td>{t(`web:smartApps.type.${app.clientType}`)}</td>
      <td style={{ overflowWrap: 'anywhere' }}>{app.scopes.join(' ')}</td>
      <td>{app.status === 'active' ? t('web:smartApps.active') : t('web:smartApps.disabled')}</td>
      <td>
        {disable.isError && (
          <Alert tone="error" title={t('web:smartApps.disableFailed', { name })}>
            <p>{errorMessage(disable.error, t)}</p>
          </Alert>
        )}
        {app.status === 'active' &&
          (confirming ? (
            <div role="group" aria-label={t('web:smartApps.disable', { name })}>
              <p>{t('web:smartApps.confirmDisable', { name })}</p>
              <Button onClick={run} disabled={disable.isPending}>
                {t('web:smartApps.confirm')}
              </Button>{' '}
              <Button variant="secondary" onClick={() => setConfirming(false)}>
                {t('web:smartApps.cancel')}
              </Button>
            </div>
          ) : (
            <Button
              variant="secondary"
              disabled={disable.isPending}
              onClick={() => setConfirming(true)}
            >
              {t('web:smartApps.disable', { name })}
            </Button>
          ))}
      </td>
    </tr>
  );
}

/** The fields the shared schema refuses, before anything is sent (the server checks again). */
function invalidFields(values: Values): Field[] {
  const parsed = SmartAppInput.safeParse(toInput(values));
  if (parsed.success) return [];
  return fields.filter((f) => parsed.error.issues.some((i) => i.path[0] === f));
}

function RegisterForm({ onRegistered }: { onRegistered: (r: RegisteredSmartApp) => void }) {
  const { t } = useTranslation(['common', 'web']);
  const register = useRegisterSmartAppMutation();
  const { formRef, focusInvalid } = useFocusFirstInvalid();
  const [values, setValues] = useState<Values>(EMPTY);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failed, setFailed] = useState<string>();
  const showErrors = (next: FieldErrors) => {
    setErrors(next);
    focusInvalid();
  };

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setFailed(undefined);
    const invalid = invalidFields(values);
    if (invalid.length > 0) {
      return showErrors(
        Object.fromEntries(invalid.map((f) => [f, t(`web:smartApps.errors.${f}`)])),
      );
    }
    setErrors({});
    register.mutate(toInput(values), {
      onSuccess: (created) => {
        setValues(EMPTY);
        onRegistered(created);
      },
      onError: (error) => {
        const server = problemFieldErrors(error);
        const byField: FieldErrors = {};
        for (const [path, text] of Object.entries(server)) {
          const f = fields.find((name) => path === name || path.startsWith(`${name}.`));
          if (f) byField[f] ??= text;
        }
        if (Object.keys(byField).length > 0) return showErrors(byField);
        setFailed(errorMessage(error, t));
      },
    });
  };

  const field = (name: Field, description: string, type = 'text') => (
    <TextField
      name={name}
      type={type}
      label={t(`web:smartApps.${name}`)}
      description={description}
      value={values[name]}
      error={errors[name]}
      autoComplete="off"
      spellCheck={false}
      onChange={(e) => setValues((v) => ({ ...v, [name]: e.target.value }))}
    />
  );

  const hasErrors = Object.keys(errors).length > 0;
  return (
    <Card title={t('web:smartApps.formTitle')}>
      <form
        ref={formRef}
        onSubmit={submit}
        noValidate
        style={{ display: 'grid', gap: '0.75rem', maxWidth: '40rem' }}
      >
        {hasErrors && <Alert tone="error" title={t('web:smartApps.fixErrors')} />}
        {failed && (
          <Alert tone="error" title={t('web:smartApps.createFailed')}>
            <p>{failed}</p>
          </Alert>
        )}
        {field('name', t('web:smartApps.nameHelp'))}
        {field('redirectUris', t('web:smartApps.redirectUrisHelp'))}
        <RadioGroup
          legend={t('web:smartApps.clientType')}
          description={t('web:smartApps.clientTypeHelp')}
          value={values.clientType}
          options={[
            { value: 'public', label: t('web:smartApps.type.public') },
            { value: 'confidential', label: t('web:smartApps.type.confidential') },
          ]}
          onChange={(v) => setValues((s) => ({ ...s, clientType: v as SmartClientType }))}
        />
        {field('scopes', t('web:smartApps.scopesHelp'))}
        {field('launchUrl', t('web:smartApps.launchUrlHelp'), 'url')}
        <div>
          <Button type="submit" disabled={register.isPending}>
            {register.isPending ? t('web:smartApps.submitting') : t('web:smartApps.submit')}
          </Button>
        </div>
      </form>
    </Card>
  );
}
