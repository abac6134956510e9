/** The flash message shared by the pages (a created API's success survives the navigation back to the list). */
import { useEffect, useState } from 'preact/hooks';

export interface Flash {
  type: 'success' | 'error';
  message: string;
}

let current: Flash | undefined;
const listeners = new Set<(flash: Flash | undefined) => void>();

export function signalFlash(flash: Flash | undefined): void {
  current = flash;
  listeners.forEach((l) => l(flash));
}

export function useFlash(): Flash | undefined {
  const [flash, setFlash] = useState(current);
  useEffect(() => {
    listeners.add(setFlash);
    return () => void listeners.delete(setFlash);
  }, []);
  return flash;
}
