import type { HTMLAttributes, ReactNode } from 'react';

export type HeadingLevel = 1 | 2 | 3 | 4;

export interface HeadingProps extends HTMLAttributes<HTMLHeadingElement> {
  level: HeadingLevel;
  children: ReactNode;
}

export function Heading({ level, className, children, ...rest }: HeadingProps) {
  const Tag = `h${level}` as const;
  return (
    <Tag
      className={['cc-heading', `cc-heading--${level}`, className].filter(Boolean).join(' ')}
      {...rest}
    >
      {children}
    </Tag>
  );
}

export interface PageHeaderProps {
  title: ReactNode;
  description?: ReactNode;
}

/**
 * The page's one h1. It can take focus (tabIndex -1) so the app can move focus here after a
 * route change, which makes screen readers announce the new page.
 */
export function PageHeader({ title, description }: PageHeaderProps) {
  return (
    <div className="cc-page-header">
      <Heading level={1} tabIndex={-1} data-page-heading="">
        {title}
      </Heading>
      {description ? <p className="cc-page-header__description">{description}</p> : null}
    </div>
  );
}
