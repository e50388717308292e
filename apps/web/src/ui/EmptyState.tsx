import type { ReactNode } from 'react';
import { Heading, type HeadingLevel } from './Heading.tsx';

export interface EmptyStateProps {
  icon?: ReactNode;
  title: ReactNode;
  body: ReactNode;
  /** What to do next, e.g. a ButtonLink. */
  action?: ReactNode;
  headingLevel?: HeadingLevel;
}

/** Says what will appear here and how to start. */
export function EmptyState({ icon, title, body, action, headingLevel = 2 }: EmptyStateProps) {
  return (
    <div className="cc-empty-state">
      {icon ? <div className="cc-empty-state__icon">{icon}</div> : null}
      <Heading level={headingLevel} className="cc-empty-state__title">
        {title}
      </Heading>
      <p className="cc-empty-state__body">{body}</p>
      {action ? <div className="cc-empty-state__action">{action}</div> : null}
    </div>
  );
}
