import { useState, type ReactNode, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button } from '../../ui/index.ts';
import { useFocusFirstInvalid } from './problem-fields.ts';

/** What a practice form says after saving (or failing to). */
export type SaveMessage = { tone: 'success' | 'error'; text: string };

/** The save state every practice form shares: its element, its message and focus on errors. */
export function usePracticeForm() {
  const { t } = useTranslation('web');
  const { formRef, focusInvalid } = useFocusFirstInvalid();
  const [message, setMessage] = useState<SaveMessage>();
  /** The save failed (its field errors are set): say so and go to the first invalid field. */
  const saveFailed = () => {
    setMessage({ tone: 'error', text: t('practice.saveFailed') });
    focusInvalid();
  };
  return { formRef, message, setMessage, focusInvalid, saveFailed };
}

/**
 * A practice form: its fields, then the save message (announced) and the submit button.
 * `onSubmit` runs without the browser's own validation or navigation.
 */
export function PracticeForm({
  formRef,
  message,
  onSubmit,
  submitLabel,
  pending,
  children,
}: {
  formRef: RefObject<HTMLFormElement | null>;
  message: SaveMessage | undefined;
  onSubmit: () => void;
  submitLabel: string;
  pending: boolean;
  children: ReactNode;
}) {
  return (
    <form
      ref={formRef}
      noValidate
      className="practice-form"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      {children}
      <div aria-live="polite">{message && <Alert tone={message.tone} title={message.text} />}</div>
      <div className="practice-actions">
        <Button type="submit" disabled={pending}>
          {submitLabel}
        </Button>
      </div>
    </form>
  );
}
