import type { ReactNode } from 'react';
import { Heading, type HeadingLevel } from './Heading.tsx';

export interface CardProps {
  title?: ReactNode;
  headingLevel?: HeadingLevel;
  icon?: ReactNode;
  children: ReactNode;
  className?: string;
  as?: 'section' | 'article' | 'div' | 'li';
}

/** A surface grouping related content. With a title it is a labelled section. */
export function Card({
  title,
  headingLevel = 2,
  icon,
  children,
  className,
  as = 'section',
}: CardProps) {
  const Tag = as;
  return (
    <Tag className={['cc-card', className].filter(Boolean).join(' ')}>
      {title ? (
        <Heading level={headingLevel} className="cc-card__title">
          {icon}
          <span>{title}</span>
        </Heading>
      ) : null}
      {children}
    </Tag>
  );
}
