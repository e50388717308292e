import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { HealthSystemInput, type HealthSystemAdmin } from '@carecircle/core';
import {
  ApiError,
  useAdminHealthSystemsQuery,
  useCreateHealthSystemMutation,
  useDisableHealthSystemMutation,
} from '@carecircle/client';
import { Alert, Button, ButtonLink, Card, LoadingState, TextField } from '../../ui/index.ts';
import { AreaPage } from '../area-page.tsx';
import { errorMessage } from '../booking/error-message.ts';
import { useFocusFirstInvalid, problemFieldErrors } from '../practice/problem-fields.ts';
import { useAdminRoles } from './use-admin-roles.ts';

const fields = ['name', 'fhirBaseUrl', 'clientId'] as const;
type Field = (typeof fields)[number];
type FieldErrors = Partial<Record<Field, string>>;

/** /admin/health-systems: the clinics and hospitals patients may connect to (admins only). */
export function HealthSystemsPage() {
  const { t } = useTranslation('web');
  const { isAdmin, ready } = useAdminRoles();
  const [message, setMessage] = useState<string>();
  return (
    <AreaPage title={t('healthSystems.title')} intro={t('healthSystems.intro')}>
      <p>
        <ButtonLink to="/admin" variant="quiet">
          {t('healthSystems.back')}
        </ButtonLink>
      </p>
      {ready && !isAdmin && <Alert tone="info" title={t('healthSystems.adminsOnly')} />}
      {isAdmin && (
        <div style={{ display: 'grid', gap: '1.5rem' }}>
          <div aria-live="polite">{message && <Alert tone="success" title={message} />}</div>
          <SystemsList onDone={setMessage} />
          <RegisterForm onDone={setMessage} />
        </div>
      )}
    </AreaPage>
  );
}

function SystemsList({ onDone }: { onDone: (message: string) => void }) {
  const { t } = useTranslation('web');
  const systems = useAdminHealthSystemsQuery();
  return (
    <Card title={t('healthSystems.listTitle')}>
      {systems.isPending && <LoadingState label={t('healthSystems.loading')} />}
      {systems.isError && <Alert tone="error" title={t('healthSystems.failed')} />}
      {systems.data?.length === 0 && <p>{t('healthSystems.empty')}</p>}
      {systems.data && systems.data.length > 0 && (
        <div style={{ overflowX: 'auto' }}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('healthSystems.columns.name')}</th>
                <th scope="col">{t('healthSystems.columns.fhirBaseUrl')}</th>
                <th scope="col">{t('healthSystems.columns.clientId')}</th>
                <th scope="col">{t('healthSystems.columns.status')}</th>
                <th scope="col">{t('healthSystems.columns.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {systems.data.map((s) => (
                <SystemRow key={s.id} system={s} onDone={onDone} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}

/** One registered system; "Disable" asks first. */
function SystemRow({
  system,
  onDone,
}: {
  system: HealthSystemAdmin;
  onDone: (message: string) => void;
}) {
  const { t } = useTranslation(['common', 'web']);
  const disable = useDisableHealthSystemMutation();
  const [confirming, setConfirming] = useState(false);
  const name = system.name;
  const run = () => {
    setConfirming(false);
    disable.mutate(system.id, {
      onSuccess: () => onDone(t('web:healthSystems.disabledDone', { name })),
    });
  };
  return (
    <tr>
      <th scope="row">{name}</th>
      <td style={{ overflowWrap: 'anywhere' }}>{system.fhirBaseUrl}</td>
      <td style={{ overflowWrap: 'anywhere' }}>{system.clientId}</td>
      <td>{system.disabled ? t('web:healthSystems.disabled') : t('web:healthSystems.offered')}</td>
      <td>
        {disable.isError && (
          <Alert tone="error" title={t('web:healthSystems.disableFailed', { name })}>
            <p>{errorMessage(disable.error, t)}</p>
          </Alert>
        )}
        {!system.disabled &&
          (confirming ? (
            <div role="group" aria-label={t('web:healthSystems.disable', { name })}>
              <p>{t('web:healthSystems.confirmDisable', { name })}</p>
              <Button onClick={run} disabled={disable.isPending}>
                {t('web:healthSystems.confirm')}
              </Button>{' '}
              <Button variant="secondary" onClick={() => setConfirming(false)}>
                {t('web:healthSystems.cancel')}
              </Button>
            </div>
          ) : (
            <Button
              variant="secondary"
              disabled={disable.isPending}
              onClick={() => setConfirming(true)}
            >
              {t('web:healthSystems.disable', { name })}
            </Button>
          ))}
      </td>
    </tr>
  );
}

/** The fields the shared schema refuses, before anything is sent (the server checks again). */
function invalidFields(input: Record<Field, string>): Field[] {
  const parsed = HealthSystemInput.safeParse(input);
  if (parsed.success) return [];
  return fields.filter((f) => parsed.error.issues.some((i) => i.path[0] === f));
}

function RegisterForm({ onDone }: { onDone: (message: string) => void }) {
  const { t } = useTranslation(['common', 'web']);
  const create = useCreateHealthSystemMutation();
  const { formRef, focusInvalid } = useFocusFirstInvalid();
  const [values, setValues] = useState<Record<Field, string>>({
    name: '',
    fhirBaseUrl: '',
    clientId: '',
  });
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
        Object.fromEntries(invalid.map((f) => [f, t(`web:healthSystems.errors.${f}`)])),
      );
    }
    setErrors({});
    create.mutate(values, {
      onSuccess: (created) => {
        setValues({ name: '', fhirBaseUrl: '', clientId: '' });
        onDone(t('web:healthSystems.created', { name: created.name }));
      },
      onError: (error) => {
        if (error instanceof ApiError && error.status === 409) {
          return showErrors({ fhirBaseUrl: t('web:healthSystems.exists') });
        }
        const server = problemFieldErrors(error);
        const byField: FieldErrors = {};
        for (const f of fields) if (server[f]) byField[f] = server[f];
        if (Object.keys(byField).length > 0) return showErrors(byField);
        setFailed(errorMessage(error, t));
      },
    });
  };

  const field = (name: Field, label: string, description: string, type = 'text') => (
    <TextField
      name={name}
      type={type}
      label={label}
      description={description}
      value={values[name]}
      error={errors[name]}
      autoComplete="off"
      onChange={(e) => setValues((v) => ({ ...v, [name]: e.target.value }))}
    />
  );

  const hasErrors = Object.keys(errors).length > 0;
  return (
    <Card title={t('web:healthSystems.formTitle')}>
      <form
        ref={formRef}
        onSubmit={submit}
        noValidate
        style={{ display: 'grid', gap: '0.75rem', maxWidth: '40rem' }}
      >
        {hasErrors && <Alert tone="error" title={t('web:healthSystems.fixErrors')} />}
        {failed && (
          <Alert tone="error" title={t('web:healthSystems.createFailed')}>
            <p>{failed}</p>
          </Alert>
        )}
        {field('name', t('web:healthSystems.name'), t('web:healthSystems.nameHelp'))}
        {field(
          'fhirBaseUrl',
          t('web:healthSystems.fhirBaseUrl'),
          t('web:healthSystems.fhirBaseUrlHelp'),
          'url',
        )}
        {field('clientId', t('web:healthSystems.clientId'), t('web:healthSystems.clientIdHelp'))}
        <div>
          <Button type="submit" disabled={create.isPending}>
            {create.isPending ? t('web:healthSystems.submitting') : t('web:healthSystems.submit')}
          </Button>
        </div>
      </form>
    </Card>
  );
}
