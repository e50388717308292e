import { useId } from 'react';

export interface FieldTextProps {
  label: string;
  /** Help shown under the label. */
  description?: string;
  /** Error message; marks the control aria-invalid. */
  error?: string;
}

/** Ids that tie a control to its label, description and error. */
export function useFieldIds(id: string | undefined, description?: string, error?: string) {
  const generated = useId();
  const controlId = id ?? `field-${generated}`;
  const descriptionId = description ? `${controlId}-description` : undefined;
  const errorId = error ? `${controlId}-error` : undefined;
  const describedBy = [descriptionId, errorId].filter(Boolean).join(' ') || undefined;
  return { controlId, descriptionId, errorId, describedBy };
}
