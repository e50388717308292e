import type { ReactNode } from 'react';
import { IconAlert, IconCheck, IconInfo } from './icons.tsx';

export type AlertTone = 'info' | 'success' | 'error';

export interface AlertProps {
  tone?: AlertTone;
  title: ReactNode;
  children?: ReactNode;
  action?: ReactNode;
}

const icons = { info: IconInfo, success: IconCheck, error: IconAlert } as const;

/**
 * A message about the page. Errors interrupt (role=alert); the rest wait their turn (role=status).
 * Each tone has its own icon and title, so colour is never the only signal.
 */
export function Alert({ tone = 'info', title, children, action }: AlertProps) {
  const Icon = icons[tone];
  return (
    <div className={`cc-alert cc-alert--${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      <Icon className="cc-alert__icon" />
      <div className="cc-alert__content">
        <p className="cc-alert__title">{title}</p>
        {children ? <div className="cc-alert__body">{children}</div> : null}
        {action ? <div className="cc-alert__action">{action}</div> : null}
      </div>
    </div>
  );
}
