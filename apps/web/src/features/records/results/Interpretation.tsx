import { useTranslation } from 'react-i18next';
import type { Interpretation } from '@carecircle/core';
import { IconAlert, IconCheck, IconInfo, type IconProps } from '../../../ui/index.ts';

function Arrow({ up, ...rest }: IconProps & { up: boolean }) {
  return (
    <svg
      viewBox="0 0 24 24"
      width="1.2em"
      height="1.2em"
      fill="none"
      stroke="currentColor"
      strokeWidth={2}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
      className="cc-icon"
      {...rest}
    >
      <circle cx="12" cy="12" r="9" />
      <path d={up ? 'M12 16.5v-9M8.5 11 12 7.5l3.5 3.5' : 'M12 7.5v9M8.5 13l3.5 3.5 3.5-3.5'} />
    </svg>
  );
}

/** What a result means, in words with an icon (never colour alone). */
export function InterpretationLabel({ value }: { value: Interpretation | null }) {
  const { t } = useTranslation('web');
  const key = value ?? 'unknown';
  let icon;
  if (value === 'normal') icon = <IconCheck size="1.2em" data-icon="normal" />;
  else if (value === 'high') icon = <Arrow up data-icon="high" />;
  else if (value === 'low') icon = <Arrow up={false} data-icon="low" />;
  else if (value === 'abnormal' || value === 'critical')
    icon = <IconAlert size="1.2em" data-icon={value} />;
  else icon = <IconInfo size="1.2em" data-icon="unknown" />;
  return (
    <span className={`results-meaning results-meaning--${key}`}>
      {icon}
      <span>{t(`results.interpretation.${key}`)}</span>
    </span>
  );
}
