import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { MfaEnrolment } from '@carecircle/core';
import {
  ApiError,
  useConfirmMfaEnrolmentMutation,
  useDisableMfaMutation,
  useMfaStatusQuery,
  useRegenerateRecoveryCodesMutation,
  useStartMfaEnrolmentMutation,
} from '@carecircle/client';
import { Alert, Button, Card, LoadingState, TextField } from '../../ui/index.ts';
import { useSessionState } from '../auth/SessionProvider.tsx';

/** "Two-step sign-in" on the Profile page: status, turn on (QR + code), turn off, new codes. */
export function MfaSettings() {
  const { status } = useSessionState();
  const { t } = useTranslation('web');
  const mfa = useMfaStatusQuery({ enabled: status === 'signed-in' });
  const [enrolment, setEnrolment] = useState<MfaEnrolment>();
  const [codes, setCodes] = useState<string[]>();

  if (status !== 'signed-in') return null;
  return (
    <Card title={t('mfa.title')}>
      {mfa.isPending ? (
        <LoadingState label={t('mfa.loading')} />
      ) : mfa.isError ? (
        <Alert tone="error" title={t('mfa.loadError')} />
      ) : codes ? (
        <RecoveryCodes codes={codes} onDone={() => setCodes(undefined)} />
      ) : enrolment ? (
        <EnrolStep
          enrolment={enrolment}
          onCancel={() => setEnrolment(undefined)}
          onConfirmed={(c) => {
            setEnrolment(undefined);
            setCodes(c);
          }}
        />
      ) : mfa.data.enabled ? (
        <EnabledView
          required={mfa.data.required}
          codesLeft={mfa.data.recoveryCodesLeft}
          onNewCodes={setCodes}
        />
      ) : (
        <DisabledView required={mfa.data.required} onStarted={setEnrolment} />
      )}
    </Card>
  );
}

function errorText(t: (k: 'mfa.wrongCode' | 'mfa.genericError') => string, error: unknown) {
  if (!error) return undefined;
  return error instanceof ApiError && error.problem.status === 400
    ? t('mfa.wrongCode')
    : t('mfa.genericError');
}

function DisabledView(props: { required: boolean; onStarted: (e: MfaEnrolment) => void }) {
  const { t } = useTranslation('web');
  const start = useStartMfaEnrolmentMutation();
  return (
    <>
      <p>{t('mfa.statusOff')}</p>
      <p>{props.required ? t('mfa.requiredHelp') : t('mfa.offHelp')}</p>
      {start.isError ? <Alert tone="error" title={t('mfa.genericError')} /> : null}
      <Button
        disabled={start.isPending}
        onClick={() => start.mutate(undefined, { onSuccess: props.onStarted })}
      >
        {t('mfa.turnOn')}
      </Button>
    </>
  );
}

/** A small form asking for a current code, used by every step that needs one. */
function CodeForm(props: {
  label: string;
  submit: string;
  allowRecovery?: boolean;
  pending: boolean;
  error?: string;
  variant?: 'primary' | 'secondary';
  onSubmit: (code: string) => void;
}) {
  const { t } = useTranslation('web');
  const [code, setCode] = useState('');
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    props.onSubmit(code.trim());
  };
  return (
    <form onSubmit={onSubmit} noValidate className="mfa-code-form">
      <TextField
        label={props.label}
        description={props.allowRecovery ? t('mfa.codeOrRecoveryHelp') : t('mfa.codeHelp')}
        inputMode={props.allowRecovery ? 'text' : 'numeric'}
        autoComplete="one-time-code"
        autoCapitalize="none"
        spellCheck={false}
        maxLength={32}
        required
        value={code}
        error={props.error}
        onChange={(e) => setCode(e.target.value)}
      />
      <Button type="submit" variant={props.variant} disabled={props.pending}>
        {props.submit}
      </Button>
    </form>
  );
}

function EnrolStep(props: {
  enrolment: MfaEnrolment;
  onCancel: () => void;
  onConfirmed: (codes: string[]) => void;
}) {
  const { t } = useTranslation('web');
  const confirm = useConfirmMfaEnrolmentMutation();
  const keyId = useId();
  return (
    <>
      <p>{t('mfa.scanIntro')}</p>
      <img src={props.enrolment.qrCode} alt={t('mfa.qrAlt')} width={200} height={200} />
      <p id={keyId}>{t('mfa.manualKey')}</p>
      <p>
        <code aria-describedby={keyId} data-testid="mfa-manual-key">
          {props.enrolment.manualKey}
        </code>
      </p>
      <CodeForm
        label={t('mfa.enterCode')}
        submit={t('mfa.confirm')}
        pending={confirm.isPending}
        error={errorText(t, confirm.error)}
        onSubmit={(code) =>
          confirm.mutate({ code }, { onSuccess: (r) => props.onConfirmed(r.recoveryCodes) })
        }
      />
      <Button variant="quiet" onClick={props.onCancel}>
        {t('mfa.cancel')}
      </Button>
    </>
  );
}

function RecoveryCodes(props: { codes: string[]; onDone: () => void }) {
  const { t } = useTranslation('web');
  const [saved, setSaved] = useState(false);
  const checkId = useId();
  return (
    <>
      <Alert tone="success" title={t('mfa.codesTitle')}>
        {t('mfa.codesIntro')}
      </Alert>
      <ol aria-label={t('mfa.codesListLabel')} className="mfa-recovery-codes">
        {props.codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ol>
      <p>
        <input
          id={checkId}
          type="checkbox"
          checked={saved}
          onChange={(e) => setSaved(e.target.checked)}
        />{' '}
        <label htmlFor={checkId}>{t('mfa.savedThem')}</label>
      </p>
      <Button disabled={!saved} onClick={props.onDone}>
        {t('mfa.done')}
      </Button>
    </>
  );
}

function EnabledView(props: {
  required: boolean;
  codesLeft: number;
  onNewCodes: (codes: string[]) => void;
}) {
  const { t } = useTranslation('web');
  const regenerate = useRegenerateRecoveryCodesMutation();
  const disable = useDisableMfaMutation();
  return (
    <>
      <p>{t('mfa.statusOn')}</p>
      <p>{t('mfa.codesLeft', { count: props.codesLeft })}</p>
      <h3>{t('mfa.newCodesTitle')}</h3>
      <CodeForm
        label={t('mfa.codeForNewCodes')}
        submit={t('mfa.newCodes')}
        allowRecovery
        variant="secondary"
        pending={regenerate.isPending}
        error={errorText(t, regenerate.error)}
        onSubmit={(code) =>
          regenerate.mutate({ code }, { onSuccess: (r) => props.onNewCodes(r.recoveryCodes) })
        }
      />
      <h3>{t('mfa.turnOffTitle')}</h3>
      {props.required ? (
        <p>{t('mfa.requiredCannotTurnOff')}</p>
      ) : (
        <CodeForm
          label={t('mfa.codeToTurnOff')}
          submit={t('mfa.turnOff')}
          allowRecovery
          variant="secondary"
          pending={disable.isPending}
          error={errorText(t, disable.error)}
          onSubmit={(code) => disable.mutate({ code })}
        />
      )}
    </>
  );
}
