/**
 * Module resolution hooks that let an ES module handler import packages from its layers, as Lambda's Node
 * runtimes do from nodejs18.x on (AWS Knowledge Center, "Cannot find module or Cannot find Package": "Lambda
 * supports JavaScript ES module dependencies for Node.js 18"). CommonJS finds layer packages through
 * NODE_PATH; ESM ignores NODE_PATH, so a bare specifier the normal lookup cannot find is looked up again from
 * each NODE_PATH folder, in order. Registered by the bootstrap only when a layer brings Node modules, so a
 * function without one pays nothing at start.
 */
import { pathToFileURL } from 'node:url';

interface ResolveContext {
  conditions?: string[];
  importAttributes?: Record<string, string>;
  parentURL?: string;
}
interface ResolveResult {
  url: string;
  format?: string | null;
  shortCircuit?: boolean;
}
type NextResolve = (specifier: string, context?: ResolveContext) => ResolveResult;
type NextResolveAsync = (specifier: string, context?: ResolveContext) => Promise<ResolveResult>;

/** A bare package specifier (`greet`, `@scope/pkg/sub`): not relative, absolute, a URL or a builtin. */
function isBare(specifier: string): boolean {
  return !/^(?:\.{0,2}\/|[a-zA-Z][a-zA-Z\d+.-]*:)/.test(specifier);
}

const notFound = (error: unknown): boolean => (error as { code?: unknown } | null)?.code === 'ERR_MODULE_NOT_FOUND';

/**
 * For each NODE_PATH folder `…/node_modules`, a parent URL beside it, so the standard lookup (a parent's own
 * `node_modules`, then its ancestors') starts in that folder.
 */
export function layerParents(nodePath: string): string[] {
  return nodePath
    .split(':')
    .filter((dir) => dir.endsWith('/node_modules'))
    .map((dir) => pathToFileURL(`${dir.slice(0, -'/node_modules'.length)}/__gatehouse_layer_parent__.mjs`).href);
}

let parents: string[] = [];

/** `module.register`'s `initialize`: the NODE_PATH to fall back to. */
export function initialize(data: { nodePath: string }): void {
  parents = layerParents(data.nodePath);
}

/** The in-thread form (`module.registerHooks`, Node ≥ 22.15): synchronous. */
export function resolveSync(specifier: string, context: ResolveContext, next: NextResolve): ResolveResult {
  try {
    return next(specifier, context);
  } catch (error) {
    if (!notFound(error) || !isBare(specifier)) throw error;
    for (const parentURL of parents) {
      try {
        return next(specifier, { ...context, parentURL });
      } catch (retry) {
        if (!notFound(retry)) throw retry;
      }
    }
    throw error;
  }
}

/** The off-thread form (`module.register`): the same lookup, awaited. */
export async function resolve(specifier: string, context: ResolveContext, next: NextResolveAsync): Promise<ResolveResult> {
  try {
    return await next(specifier, context);
  } catch (error) {
    if (!notFound(error) || !isBare(specifier)) throw error;
    for (const parentURL of parents) {
      try {
        return await next(specifier, { ...context, parentURL });
      } catch (retry) {
        if (!notFound(retry)) throw retry;
      }
    }
    throw error;
  }
}

/** Installs the hooks in this process when NODE_PATH names a layer's module folder that exists. */
export async function installLayerHooks(nodePath: string | undefined, exists: (dir: string) => boolean): Promise<void> {
  if (!nodePath || !nodePath.split(':').some((dir) => dir.endsWith('/node_modules') && exists(dir))) return;
  // `registerHooks` is newer than this project's @types/node.
  const module = (await import('node:module')) as unknown as {
    registerHooks?: (hooks: { resolve: typeof resolveSync }) => unknown;
    register?: (specifier: string, parentURL: string, options: { data: unknown }) => void;
  };
  if (typeof module.registerHooks === 'function') {
    initialize({ nodePath });
    module.registerHooks({ resolve: resolveSync });
  } else if (typeof module.register === 'function') {
    module.register('./esm-layer-hooks.js', import.meta.url, { data: { nodePath } });
  }
}
