/**
 * Where each runtime looks for layer content, as Lambda lays it out under `/opt`, but under the directory
 * Gatehouse merged a function's layers into (`FunctionImage.optDir`): the same relative paths, in Lambda's
 * order. Node and the environment variables every runtime gets use it here; a Python environment puts
 * `python` on `sys.path` from it.
 */

export interface LayerPaths {
  /** Node.js module folders, in NODE_PATH's order: `nodejs/node{major}/node_modules` first, then `nodejs/node_modules`. */
  node: string[];
  /** Python import folders, in `sys.path` order (Lambda's): `python/lib/python3.X/site-packages`, then `python`. */
  python: string[];
  /** Executables: `bin`, last on PATH. */
  bin: string;
  /** Shared libraries: `lib`, last on LD_LIBRARY_PATH. */
  lib: string;
}

/** The layer folders for `runtime` (e.g. `nodejs22.x`, `python3.12`) under the merged layer directory `optDir`. */
export function layerPaths(optDir: string, runtime: string): LayerPaths {
  const node = /^nodejs(\d+)/.exec(runtime);
  const python = /^python(3\.\d+)/.exec(runtime);
  return {
    node: node ? [`${optDir}/nodejs/node${node[1]}/node_modules`, `${optDir}/nodejs/node_modules`] : [],
    python: python ? [`${optDir}/python/lib/python${python[1]}/site-packages`, `${optDir}/python`] : [],
    bin: `${optDir}/bin`,
    lib: `${optDir}/lib`,
  };
}

/**
 * The variables that point a process at its layers, given the values it would otherwise get: PATH and
 * LD_LIBRARY_PATH end with the layer's `bin` and `lib` (as Lambda's end with `/opt/bin` and `/opt/lib`), and a
 * Node runtime gets NODE_PATH with the layer's module folders.
 */
export function layerEnvironment(optDir: string, runtime: string, base: { PATH: string; LD_LIBRARY_PATH?: string }): Record<string, string> {
  const paths = layerPaths(optDir, runtime);
  const out: Record<string, string> = {
    PATH: `${base.PATH}:${paths.bin}`,
    LD_LIBRARY_PATH: base.LD_LIBRARY_PATH ? `${base.LD_LIBRARY_PATH}:${paths.lib}` : paths.lib,
  };
  if (paths.node.length > 0) out['NODE_PATH'] = paths.node.join(':');
  return out;
}
