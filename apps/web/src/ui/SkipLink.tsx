import type { ReactNode } from 'react';

/** First focusable element of the page: jumps past the header and menu to the main content. */
export function SkipLink({ targetId, children }: { targetId: string; children: ReactNode }) {
  return (
    <a className="cc-skip-link" href={`#${targetId}`}>
      {children}
    </a>
  );
}
