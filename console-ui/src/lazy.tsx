/**
 * Pages whose code loads on first use: the first page (APIs) should not parse every page's code before it can
 * list anything (bench/console measures it). Once loaded, a page renders at once.
 */
import { h, type ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';

export function lazyPage<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  let loaded: ComponentType<P> | undefined;
  let loading: Promise<ComponentType<P>> | undefined;
  return function LazyPage(props: P) {
    const [component, setComponent] = useState<ComponentType<P> | undefined>(() => loaded);
    useEffect(() => {
      if (component) return;
      loading ??= load().then((c) => (loaded = c));
      void loading.then((c) => setComponent(() => c));
    }, []);
    return component ? h(component, props) : <p class="muted">Loading</p>;
  };
}
