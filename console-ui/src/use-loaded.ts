/** A value fetched from Gatehouse when a page opens, with its error (the API's message) and a reload. */
import { useCallback, useEffect, useState } from 'preact/hooks';
import { errorMessage } from './aws';

export function useLoaded<T>(fetch: () => Promise<T>, deps: readonly unknown[]): { value: T | undefined; error: string | undefined; reload: () => void } {
  const [value, setValue] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  // `deps` names what `fetch` reads: the page reloads when they change.
  const reload = useCallback(() => {
    setError(undefined);
    fetch().then(setValue, (e: unknown) => setError(errorMessage(e)));
  }, deps);
  useEffect(reload, [reload]);
  return { value, error, reload };
}
