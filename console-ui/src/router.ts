/** Client-side routing under the console's base path (Gatehouse answers index.html for every sub-path). */
import { useEffect, useState } from 'preact/hooks';

export const BASE = '/_gatehouse/console/';

/** The path inside the console: `apis`, `apis/create` ... */
function currentRoute(): string {
  const path = location.pathname.startsWith(BASE) ? location.pathname.slice(BASE.length) : '';
  return path.replace(/\/+$/, '');
}

const listeners = new Set<() => void>();
addEventListener('popstate', () => listeners.forEach((l) => l()));

export function navigate(route: string, options: { replace?: boolean } = {}): void {
  const url = BASE + route;
  if (options.replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  listeners.forEach((l) => l());
}

export function useRoute(): string {
  const [route, setRoute] = useState(currentRoute);
  useEffect(() => {
    const update = (): void => setRoute(currentRoute());
    listeners.add(update);
    return () => void listeners.delete(update);
  }, []);
  return route;
}

/** Props for an <a> that navigates inside the console without reloading the page. */
export function link(route: string): { href: string; onClick: (e: MouseEvent) => void } {
  return {
    href: BASE + route,
    onClick: (e: MouseEvent) => {
      if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
      e.preventDefault();
      navigate(route);
    },
  };
}
