import type { ReactNode } from 'react';
import { Link, type LinkProps } from 'react-router';
import { buttonClassName, type ButtonVariant } from './Button.tsx';

export interface ButtonLinkProps extends LinkProps {
  variant?: ButtonVariant;
  icon?: ReactNode;
}

/** A link (it goes somewhere) that looks like a button. */
export function ButtonLink({
  variant = 'primary',
  icon,
  className,
  children,
  ...rest
}: ButtonLinkProps) {
  return (
    <Link className={buttonClassName(variant, className)} {...rest}>
      {icon}
      <span>{children}</span>
    </Link>
  );
}
