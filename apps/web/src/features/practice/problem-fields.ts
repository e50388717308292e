import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import { ApiError } from '@carecircle/client';

/**
 * A 400 problem's field errors by path, without the `body.`/`params.` prefix
 * (`body.weeklyHours.2.end` → `weeklyHours.2.end`); the first message per path wins.
 */
export function problemFieldErrors(error: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!(error instanceof ApiError) || !error.problem.errors) return out;
  for (const e of error.problem.errors) {
    const path = e.path.replace(/^(body|params|query)\./, '');
    out[path] ??= e.message;
  }
  return out;
}

/** The server's one-line explanation of a failure (its words), if it gave one. */
export function problemDetail(error: unknown): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  return error.problem.detail ?? error.problem.title;
}

/** Moves focus to the first control marked invalid inside `container` (into a fieldset). */
export function focusFirstInvalid(container: HTMLElement | null): void {
  const first = container?.querySelector<HTMLElement>('[aria-invalid="true"]');
  const target =
    first?.tagName === 'FIELDSET'
      ? first.querySelector<HTMLElement>('input, select, textarea')
      : first;
  target?.focus();
}

/**
 * A form's element and `focusInvalid()`: after the errors just set have rendered (an effect, not
 * a timer racing the render), focus the first field marked invalid.
 */
export function useFocusFirstInvalid<E extends HTMLElement = HTMLFormElement>(): {
  formRef: RefObject<E | null>;
  focusInvalid: () => void;
} {
  const formRef = useRef<E>(null);
  const [request, setRequest] = useState(0);
  useEffect(() => {
    if (request > 0) focusFirstInvalid(formRef.current);
  }, [request]);
  const focusInvalid = useCallback(() => setRequest((n) => n + 1), []);
  return { formRef, focusInvalid };
}
