import { useEffect, useRef } from 'react';
import { useLocation } from 'react-router';

/**
 * After a route change (not on first load), moves focus to the new page's h1 so screen readers
 * announce it and keyboard users start at the top of the new content.
 */
export function useRouteFocus(mainId: string): void {
  const { pathname } = useLocation();
  const previous = useRef<string | null>(null);
  useEffect(() => {
    const first = previous.current === null;
    const changed = previous.current !== pathname;
    previous.current = pathname;
    if (first || !changed) return;
    const main = document.getElementById(mainId);
    const heading = main?.querySelector<HTMLElement>('[data-page-heading]') ?? main;
    (document.scrollingElement ?? document.documentElement).scrollTop = 0;
    heading?.focus({ preventScroll: true });
  }, [pathname, mainId]);
}
