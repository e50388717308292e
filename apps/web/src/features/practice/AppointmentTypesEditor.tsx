import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppointmentType } from '@carecircle/core';
import {
  useAppointmentTypesQuery,
  useCreateAppointmentTypeMutation,
  useUpdateAppointmentTypeMutation,
} from '@carecircle/client';
import { Alert, Button, Card, LoadingState } from '../../ui/index.ts';
import { AppointmentTypeForm } from './AppointmentTypeForm.tsx';

const focusLater = (id: string) =>
  requestAnimationFrame(() => document.getElementById(id)?.focus());
const itemId = (id: string) => `practice-type-${id}`;
const addButtonId = 'practice-type-add';

/** Appointment types: list, add, change, stop offering and offer again. */
export function AppointmentTypesEditor() {
  const { t } = useTranslation('web');
  const types = useAppointmentTypesQuery();
  const create = useCreateAppointmentTypeMutation();
  const update = useUpdateAppointmentTypeMutation();
  /** 'new', a type id being changed, or nothing. */
  const [editing, setEditing] = useState<string>();
  const [message, setMessage] = useState<{ tone: 'success' | 'error'; text: string }>();

  const summary = (a: AppointmentType) =>
    t('practice.types.summary', {
      duration: a.durationMinutes,
      modality: t(`modality.${a.modality}`),
    });
  const setActive = (a: AppointmentType, active: boolean) => {
    setMessage(undefined);
    update.mutate(
      { appointmentTypeId: a.id, body: { active } },
      {
        onSuccess: () => {
          setMessage({
            tone: 'success',
            text: t(active ? 'practice.types.restored' : 'practice.types.retired', {
              name: a.name,
            }),
          });
          focusLater(itemId(a.id));
        },
        onError: () => setMessage({ tone: 'error', text: t('practice.saveFailed') }),
      },
    );
  };

  const items = types.data?.items ?? [];
  return (
    <Card title={t('practice.types.title')}>
      <p className="practice__intro">{t('practice.types.intro')}</p>
      {types.isPending && <LoadingState label={t('practice.types.loading')} />}
      {types.isError && <Alert tone="error" title={t('practice.types.failed')} />}
      {types.isSuccess && items.length === 0 && (
        <p className="practice__empty">{t('practice.types.empty')}</p>
      )}
      {items.length > 0 && (
        <ul className="practice-list">
          {items.map((a) =>
            editing === a.id ? (
              <li key={a.id} className="practice-list__item">
                <AppointmentTypeForm
                  type={a}
                  pending={update.isPending}
                  onDiscard={() => {
                    setEditing(undefined);
                    focusLater(itemId(a.id));
                  }}
                  onSubmit={(body) =>
                    update.mutateAsync({ appointmentTypeId: a.id, body }).then((saved) => {
                      setEditing(undefined);
                      setMessage({
                        tone: 'success',
                        text: t('practice.types.updated', { name: saved.name }),
                      });
                      focusLater(itemId(a.id));
                    })
                  }
                />
              </li>
            ) : (
              <li
                key={a.id}
                id={itemId(a.id)}
                tabIndex={-1}
                className={`practice-list__item${a.active ? '' : ' practice-list__item--inactive'}`}
              >
                <p className="practice-list__title">
                  {a.name}
                  {!a.active && (
                    <span className="practice-status practice-status--cancelled">
                      {t('practice.types.inactive')}
                    </span>
                  )}
                </p>
                <p className="practice-list__meta">{summary(a)}</p>
                <p className="practice-list__meta">
                  {t('practice.types.details', {
                    before: a.bufferBeforeMinutes,
                    after: a.bufferAfterMinutes,
                    notice: a.minimumNoticeMinutes,
                    horizon: a.bookingHorizonDays,
                  })}
                </p>
                <div className="practice-actions">
                  <Button
                    variant="secondary"
                    aria-label={t('practice.types.editFor', { name: a.name })}
                    onClick={() => {
                      setMessage(undefined);
                      setEditing(a.id);
                    }}
                  >
                    {t('practice.types.edit')}
                  </Button>
                  <Button
                    variant="secondary"
                    disabled={update.isPending}
                    aria-label={t(
                      a.active ? 'practice.types.retireFor' : 'practice.types.restoreFor',
                      {
                        name: a.name,
                      },
                    )}
                    onClick={() => setActive(a, !a.active)}
                  >
                    {t(a.active ? 'practice.types.retire' : 'practice.types.restore')}
                  </Button>
                </div>
              </li>
            ),
          )}
        </ul>
      )}
      <div aria-live="polite">{message && <Alert tone={message.tone} title={message.text} />}</div>
      {editing === 'new' ? (
        <AppointmentTypeForm
          pending={create.isPending}
          onDiscard={() => {
            setEditing(undefined);
            focusLater(addButtonId);
          }}
          onSubmit={(body) =>
            create.mutateAsync(body).then((saved) => {
              setEditing(undefined);
              setMessage({
                tone: 'success',
                text: t('practice.types.created', { name: saved.name }),
              });
              focusLater(itemId(saved.id));
            })
          }
        />
      ) : (
        <div className="practice-actions">
          <Button
            id={addButtonId}
            variant="secondary"
            onClick={() => {
              setMessage(undefined);
              setEditing('new');
            }}
          >
            {t('practice.types.add')}
          </Button>
        </div>
      )}
    </Card>
  );
}
