import type { InputHTMLAttributes } from 'react';
import { useFieldIds, type FieldTextProps } from '../../ui/field.ts';
import { FieldDescription, FieldError } from '../../ui/FieldParts.tsx';

/** A file input with the same label, description and error wiring as TextField. */
export function FileField({
  label,
  description,
  error,
  id,
  onFile,
  ...rest
}: FieldTextProps &
  Omit<InputHTMLAttributes<HTMLInputElement>, 'aria-describedby' | 'aria-invalid' | 'type'> & {
    onFile: (file: File | undefined) => void;
  }) {
  const ids = useFieldIds(id, description, error);
  return (
    <div className="cc-field">
      <label className="cc-field__label" htmlFor={ids.controlId}>
        {label}
      </label>
      <FieldDescription id={ids.descriptionId}>{description}</FieldDescription>
      <input
        id={ids.controlId}
        type="file"
        className="cc-input"
        aria-describedby={ids.describedBy}
        aria-invalid={error ? true : undefined}
        onChange={(e) => onFile(e.target.files?.[0])}
        {...rest}
      />
      <FieldError id={ids.errorId}>{error}</FieldError>
    </div>
  );
}
