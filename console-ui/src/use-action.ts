/** A form's call to the API: busy while it runs, and the API's message (as the AWS console shows it) when it fails. */
import { useState } from 'preact/hooks';
import { errorMessage } from './aws';

export function useAction(): {
  busy: boolean;
  error: string | undefined;
  setError: (message: string | undefined) => void;
  run: <T>(call: () => Promise<T>, done: (value: T) => void) => void;
} {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const run = <T,>(call: () => Promise<T>, done: (value: T) => void): void => {
    setBusy(true);
    setError(undefined);
    call().then(
      (value) => {
        setBusy(false);
        done(value);
      },
      (err: unknown) => {
        setBusy(false);
        setError(errorMessage(err));
      },
    );
  };
  return { busy, error, setError, run };
}
