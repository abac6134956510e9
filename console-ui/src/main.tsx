import { render } from 'preact';
import { useEffect } from 'preact/hooks';
import { Flashbar } from './flash';
import { lazyPage } from './lazy';
import type { ApiTab } from './pages/api';
import { ApisPage } from './pages/apis';
import { link, navigate, useRoute } from './router';
import { REGION } from './aws';
import './styles.css';

// Every page but the first loads with its first visit.
const ApiPage = lazyPage(() => import('./pages/api').then((m) => m.ApiPage));
const CreateApiPage = lazyPage(() => import('./pages/create-api').then((m) => m.CreateApiPage));
const NetworkPage = lazyPage(() => import('./pages/network').then((m) => m.NetworkPage));
const RequestsPage = lazyPage(() => import('./pages/requests').then((m) => m.RequestsPage));
const FunctionsPage = lazyPage(() => import('./pages/functions').then((m) => m.FunctionsPage));
const FunctionPage = lazyPage(() => import('./pages/functions').then((m) => m.FunctionPage));
const StacksPage = lazyPage(() => import('./pages/stacks').then((m) => m.StacksPage));
const CreateStackPage = lazyPage(() => import('./pages/stacks/create-stack-page').then((m) => m.CreateStackPage));
const RepositoriesPage = lazyPage(() => import('./pages/repositories').then((m) => m.RepositoriesPage));
const UserPoolsPage = lazyPage(() => import('./pages/user-pools').then((m) => m.UserPoolsPage));
const BucketsPage = lazyPage(() => import('./pages/storage').then((m) => m.BucketsPage));
const BucketPage = lazyPage(() => import('./pages/storage').then((m) => m.BucketPage));
const StackPage = lazyPage(() => import('./pages/stacks/stack-page').then((m) => m.StackPage));

function App() {
  const route = useRoute();
  useEffect(() => {
    if (route === '') navigate('apis', { replace: true });
  }, [route]);
  return (
    <>
      <header class="top">
        <a class="brand" {...link('apis')}>
          Gatehouse
        </a>
        <span class="service">API Gateway</span>
        <span class="region" title="Region">
          {REGION}
        </span>
      </header>
      <div class="layout">
        <nav class="side" aria-label="API Gateway">
          <a {...link('apis')} aria-current={route.startsWith('apis') ? 'page' : undefined}>
            APIs
          </a>
          <a {...link('network')} aria-current={route === 'network' ? 'page' : undefined}>
            Network
          </a>
          <a {...link('requests')} aria-current={route === 'requests' ? 'page' : undefined}>
            Requests
          </a>
          <a {...link('functions')} aria-current={route === 'functions' || route.startsWith('functions/') ? 'page' : undefined}>
            Functions
          </a>
          <a {...link('stacks')} aria-current={route === 'stacks' || route.startsWith('stacks/') ? 'page' : undefined}>
            Stacks
          </a>
          <a {...link('storage')} aria-current={route === 'storage' || route.startsWith('storage/') ? 'page' : undefined}>
            Storage
          </a>
          <a {...link('repositories')} aria-current={route === 'repositories' ? 'page' : undefined}>
            Repositories
          </a>
          <a {...link('user-pools')} aria-current={route === 'user-pools' ? 'page' : undefined}>
            User pools
          </a>
        </nav>
        <main>
          <Flashbar />
          <Page route={route} />
        </main>
      </div>
    </>
  );
}

function Page({ route }: { route: string }) {
  if (route === '' || route === 'apis') return <ApisPage />;
  if (route === 'apis/create') return <CreateApiPage />;
  if (route === 'network') return <NetworkPage />;
  if (route === 'requests') return <RequestsPage />;
  if (route === 'functions') return <FunctionsPage />;
  const fn = /^functions\/([^/]+)$/.exec(route);
  if (fn) return <FunctionPage key={fn[1]} name={decodeURIComponent(fn[1]!)} />;
  if (route === 'stacks') return <StacksPage />;
  if (route === 'repositories') return <RepositoriesPage />;
  if (route === 'user-pools') return <UserPoolsPage />;
  if (route === 'storage') return <BucketsPage />;
  const bucket = /^storage\/([^/]+)$/.exec(route);
  if (bucket) return <BucketPage key={bucket[1]} bucket={decodeURIComponent(bucket[1]!)} />;
  if (route === 'stacks/create') return <CreateStackPage />;
  const stack = /^stacks\/([^/]+)(?:\/(events|resources|outputs))?$/.exec(route);
  if (stack) return <StackPage key={stack[1]} name={decodeURIComponent(stack[1]!)} tab={stack[2] === 'resources' || stack[2] === 'outputs' ? stack[2] : 'events'} />;
  const api = /^apis\/([^/]+)(?:\/(resources|stages|resource-policy|test|settings))?$/.exec(route);
  if (api) return <ApiPage key={api[1]} apiId={decodeURIComponent(api[1]!)} tab={(api[2] ?? 'resources') as ApiTab} />;
  return (
    <section>
      <h1>Page not found</h1>
      <p>
        The console has no page <code>{route}</code>. <a {...link('apis')}>Go to APIs</a>
      </p>
    </section>
  );
}

render(<App />, document.getElementById('app')!);
