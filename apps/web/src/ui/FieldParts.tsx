import type { ReactNode } from 'react';
import { IconAlert } from './icons.tsx';

export function FieldDescription({
  id,
  children,
}: {
  id: string | undefined;
  children: ReactNode;
}) {
  if (!id) return null;
  return (
    <p id={id} className="cc-field__description">
      {children}
    </p>
  );
}

/** The error starts with an icon and the word-level message, so colour is not the only signal. */
export function FieldError({ id, children }: { id: string | undefined; children: ReactNode }) {
  if (!id) return null;
  return (
    <p id={id} className="cc-field__error">
      <IconAlert size="1.2em" />
      <span>{children}</span>
    </p>
  );
}
