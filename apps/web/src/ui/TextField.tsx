import type { InputHTMLAttributes } from 'react';
import { useFieldIds, type FieldTextProps } from './field.ts';
import { FieldDescription, FieldError } from './FieldParts.tsx';

export type TextFieldProps = FieldTextProps &
  Omit<InputHTMLAttributes<HTMLInputElement>, 'aria-describedby' | 'aria-invalid'>;

export function TextField({
  label,
  description,
  error,
  id,
  className,
  type = 'text',
  ...rest
}: TextFieldProps) {
  const ids = useFieldIds(id, description, error);
  return (
    <div className={['cc-field', className].filter(Boolean).join(' ')}>
      <label className="cc-field__label" htmlFor={ids.controlId}>
        {label}
      </label>
      <FieldDescription id={ids.descriptionId}>{description}</FieldDescription>
      <input
        id={ids.controlId}
        type={type}
        className="cc-input"
        aria-describedby={ids.describedBy}
        aria-invalid={error ? true : undefined}
        {...rest}
      />
      <FieldError id={ids.errorId}>{error}</FieldError>
    </div>
  );
}
