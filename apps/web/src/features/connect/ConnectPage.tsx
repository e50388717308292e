import { useTranslation } from 'react-i18next';
import type { HealthConnection, HealthSystem } from '@carecircle/core';
import {
  useActingForQuery,
  useHealthConnectionsQuery,
  useHealthSystemsQuery,
  useStartConnectionMutation,
} from '@carecircle/client';
import { formatDateTime } from '../../lib/format-date.ts';
import { usePreferences } from '../../lib/preferences.tsx';
import { Alert, Button, ButtonLink, Heading, LoadingState } from '../../ui/index.ts';
import { QueryErrorAlert } from '../booking/QueryErrorAlert.tsx';
import { errorMessage } from '../booking/error-message.ts';
import { RecordsFrame } from '../records/RecordsFrame.tsx';
import { useActingFor } from '../sharing/ActingForProvider.tsx';
import { announcement, newestFirst, statusText } from './connection-status.ts';
import { goTo } from './go-to.ts';
import './connect.css';

/**
 * /records/connect: bring one's records over from another clinic or hospital's FHIR server.
 * Choosing a system sends the browser there to sign in and approve; back here, the import's
 * progress shows under "Your connections".
 */
export function ConnectPage() {
  const { t } = useTranslation(['common', 'web']);
  return (
    <RecordsFrame title={t('web:connect.title')} intro={t('web:connect.intro')}>
      <ConnectContent />
    </RecordsFrame>
  );
}

function ConnectContent() {
  const { t } = useTranslation(['common', 'web']);
  const { acting } = useActingFor();
  // Whom one acts for is known once the list of grants is in: until then, nothing to offer.
  const grants = useActingForQuery();
  return (
    <div className="connect">
      <section aria-labelledby="connect-how" className="connect__section">
        <Heading level={2} id="connect-how">
          {t('web:connect.howTitle')}
        </Heading>
        <p>{t('web:connect.how1')}</p>
        <p>{t('web:connect.how2')}</p>
        <p>{t('web:connect.how3')}</p>
      </section>
      {grants.isPending ? null : acting ? (
        <Alert tone="info" title={t('web:connect.actingTitle', { name: acting.patient.name })}>
          <p>{t('web:connect.actingBody', { name: acting.patient.name })}</p>
        </Alert>
      ) : (
        <Connections />
      )}
      <p>
        <ButtonLink to="/records" variant="quiet">
          {t('web:connect.back')}
        </ButtonLink>
      </p>
    </div>
  );
}

function Connections() {
  const { t } = useTranslation(['common', 'web']);
  const systems = useHealthSystemsQuery();
  const connections = useHealthConnectionsQuery();
  const start = useStartConnectionMutation();
  const connect = (system: Pick<HealthSystem, 'id' | 'name'>) =>
    start.mutate(system.id, { onSuccess: (started) => goTo(started.authorizeUrl) });
  const startingName = start.isPending
    ? (systems.data?.find((s) => s.id === start.variables)?.name ??
      connections.data?.find((c) => c.healthSystem.id === start.variables)?.healthSystem.name)
    : undefined;
  const failedName =
    systems.data?.find((s) => s.id === start.variables)?.name ??
    connections.data?.find((c) => c.healthSystem.id === start.variables)?.healthSystem.name ??
    '';

  return (
    <>
      {start.isError && (
        <Alert tone="error" title={t('web:connect.startFailed', { name: failedName })}>
          <p>{errorMessage(start.error, t)}</p>
        </Alert>
      )}
      <div role="status" aria-live="polite" className="connect__starting">
        {startingName ? t('web:connect.starting', { name: startingName }) : null}
      </div>

      <section aria-labelledby="connect-systems" className="connect__section">
        <Heading level={2} id="connect-systems">
          {t('web:connect.systemsTitle')}
        </Heading>
        {systems.isPending && <LoadingState label={t('web:connect.systemsLoading')} />}
        {systems.isError && (
          <QueryErrorAlert title={t('web:connect.systemsFailed')} query={systems} />
        )}
        {systems.data?.length === 0 && <p>{t('web:connect.noSystems')}</p>}
        {systems.data && systems.data.length > 0 && (
          <ul className="connect__list">
            {systems.data.map((s) => (
              <li key={s.id} className="connect__system">
                <span className="connect__name">{s.name}</span>
                <Button disabled={start.isPending} onClick={() => connect(s)}>
                  {t('web:connect.connect', { name: s.name })}
                </Button>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="connect-connections" className="connect__section">
        <Heading level={2} id="connect-connections">
          {t('web:connect.connectionsTitle')}
        </Heading>
        <div role="status" aria-live="polite" className="cc-visually-hidden">
          {announcement(connections.data ? newestFirst(connections.data)[0] : undefined, t)}
        </div>
        {connections.isPending && <LoadingState label={t('web:connect.connectionsLoading')} />}
        {connections.isError && (
          <QueryErrorAlert title={t('web:connect.connectionsFailed')} query={connections} />
        )}
        {connections.data?.length === 0 && <p>{t('web:connect.noConnections')}</p>}
        {connections.data && connections.data.length > 0 && (
          <ul className="connect__list">
            {newestFirst(connections.data).map((c) => (
              <ConnectionItem
                key={c.id}
                connection={c}
                busy={start.isPending}
                onConnectAgain={() => connect(c.healthSystem)}
              />
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

function ConnectionItem({
  connection: c,
  busy,
  onConnectAgain,
}: {
  connection: HealthConnection;
  busy: boolean;
  onConnectAgain: () => void;
}) {
  const { t } = useTranslation(['common', 'web']);
  const { locale } = usePreferences();
  const when = (iso: string) => formatDateTime(new Date(iso), { locale });
  const headingId = `connection-${c.id}`;
  return (
    <li className="connect__connection" aria-labelledby={headingId}>
      <Heading level={3} id={headingId}>
        {c.healthSystem.name}
      </Heading>
      <p className={`connect__status connect__status--${c.status}`}>{statusText(c, t)}</p>
      <p className="connect__dates">
        {t('web:connect.started', { when: when(c.createdAt) })}
        {c.finishedAt && (
          <>
            {' · '}
            {t('web:connect.finished', { when: when(c.finishedAt) })}
          </>
        )}
      </p>
      {(c.status === 'done' || c.status === 'failed') && (
        <div className="connect__actions">
          <Button variant="secondary" disabled={busy} onClick={onConnectAgain}>
            {t('web:connect.again', { name: c.healthSystem.name })}
          </Button>
          {c.status === 'done' && (
            <ButtonLink to="/records" variant="quiet">
              {t('web:connect.viewRecord')}
            </ButtonLink>
          )}
        </div>
      )}
    </li>
  );
}
