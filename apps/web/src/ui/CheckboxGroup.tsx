import { useId } from 'react';
import { FieldDescription, FieldError } from './FieldParts.tsx';

export interface CheckboxOption {
  value: string;
  label: string;
}

export interface CheckboxGroupProps {
  legend: string;
  description?: string;
  error?: string;
  name?: string;
  values: readonly string[];
  options: readonly CheckboxOption[];
  onChange: (values: string[]) => void;
  /** Id of the first checkbox, e.g. to move focus there when the group has an error. */
  firstId?: string;
}

/** A fieldset of large checkboxes (pick any number), with its description and error. */
export function CheckboxGroup({
  legend,
  description,
  error,
  name,
  values,
  options,
  onChange,
  firstId,
}: CheckboxGroupProps) {
  const id = useId();
  const groupName = name ?? `checkbox-${id}`;
  const descriptionId = description ? `${groupName}-description` : undefined;
  const errorId = error ? `${groupName}-error` : undefined;
  const describedBy = [descriptionId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <fieldset
      className="cc-radio-group cc-checkbox-group"
      aria-describedby={describedBy}
      aria-invalid={error ? true : undefined}
    >
      <legend className="cc-field__label">{legend}</legend>
      <FieldDescription id={descriptionId}>{description}</FieldDescription>
      <div className="cc-checkbox-group__options">
        {options.map((o, i) => (
          <label key={o.value} className="cc-radio">
            <input
              id={i === 0 ? firstId : undefined}
              type="checkbox"
              name={groupName}
              value={o.value}
              checked={values.includes(o.value)}
              onChange={(e) =>
                onChange(
                  e.target.checked ? [...values, o.value] : values.filter((v) => v !== o.value),
                )
              }
            />
            <span>{o.label}</span>
          </label>
        ))}
      </div>
      <FieldError id={errorId}>{error}</FieldError>
    </fieldset>
  );
}
