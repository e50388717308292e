import { useId } from 'react';
import type { SelectOption } from './Select.tsx';
import { FieldDescription } from './FieldParts.tsx';

export interface RadioGroupProps {
  legend: string;
  description?: string;
  name?: string;
  value: string;
  options: readonly SelectOption[];
  onChange: (value: string) => void;
}

/** A fieldset of large radio buttons: easier to hit than a dropdown. */
export function RadioGroup({
  legend,
  description,
  name,
  value,
  options,
  onChange,
}: RadioGroupProps) {
  const id = useId();
  const groupName = name ?? `radio-${id}`;
  const descriptionId = description ? `${groupName}-description` : undefined;
  return (
    <fieldset className="cc-radio-group" aria-describedby={descriptionId}>
      <legend className="cc-field__label">{legend}</legend>
      <FieldDescription id={descriptionId}>{description}</FieldDescription>
      <div className="cc-radio-group__options">
        {options.map((o) => (
          <label key={o.value} className="cc-radio" lang={o.lang}>
            <input
              type="radio"
              name={groupName}
              value={o.value}
              checked={value === o.value}
              onChange={() => onChange(o.value)}
            />
            <span>{o.label}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
