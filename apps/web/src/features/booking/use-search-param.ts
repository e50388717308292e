import { useSearchParams } from 'react-router';

/**
 * The URL's search parameters and a setter for one of them that replaces the history entry
 * (an empty or missing value removes the parameter).
 */
export function useReplaceSearchParam() {
  const [params, setParams] = useSearchParams();
  const setParam = (name: string, value: string | undefined) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value) next.set(name, value);
        else next.delete(name);
        return next;
      },
      { replace: true },
    );
  return [params, setParam] as const;
}
