import type { TextareaHTMLAttributes } from 'react';
import { useFieldIds, type FieldTextProps } from './field.ts';
import { FieldDescription, FieldError } from './FieldParts.tsx';

/** A multi-line text field with the same label, description and error wiring as TextField. */
export function TextAreaField({
  label,
  description,
  error,
  id,
  ...rest
}: FieldTextProps &
  Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'aria-describedby' | 'aria-invalid'>) {
  const ids = useFieldIds(id, description, error);
  return (
    <div className="cc-field">
      <label className="cc-field__label" htmlFor={ids.controlId}>
        {label}
      </label>
      <FieldDescription id={ids.descriptionId}>{description}</FieldDescription>
      <textarea
        id={ids.controlId}
        className="cc-input cc-textarea"
        aria-describedby={ids.describedBy}
        aria-invalid={error ? true : undefined}
        {...rest}
      />
      <FieldError id={ids.errorId}>{error}</FieldError>
    </div>
  );
}
