import type { SelectHTMLAttributes } from 'react';
import { useFieldIds, type FieldTextProps } from './field.ts';
import { FieldDescription, FieldError } from './FieldParts.tsx';

export interface SelectOption {
  value: string;
  label: string;
  /** Language of the label, when it differs from the page (e.g. "Español" on an English page). */
  lang?: string;
}

export type SelectProps = FieldTextProps & {
  options: readonly SelectOption[];
  /** Smaller layout for toolbars (the label stays visible). */
  compact?: boolean;
} & Omit<SelectHTMLAttributes<HTMLSelectElement>, 'aria-describedby' | 'aria-invalid' | 'children'>;

export function Select({
  label,
  description,
  error,
  id,
  options,
  compact,
  className,
  ...rest
}: SelectProps) {
  const ids = useFieldIds(id, description, error);
  return (
    <div
      className={['cc-field', compact ? 'cc-field--compact' : '', className]
        .filter(Boolean)
        .join(' ')}
    >
      <label className="cc-field__label" htmlFor={ids.controlId}>
        {label}
      </label>
      <FieldDescription id={ids.descriptionId}>{description}</FieldDescription>
      <select
        id={ids.controlId}
        className="cc-input cc-select"
        aria-describedby={ids.describedBy}
        aria-invalid={error ? true : undefined}
        {...rest}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value} lang={o.lang}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldError id={ids.errorId}>{error}</FieldError>
    </div>
  );
}
