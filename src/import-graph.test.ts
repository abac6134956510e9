/**
 * The layering holds: no import circle spans more than one folder of src/ (DESIGN.md's "who may import whom").
 * Static imports and re-exports count, `import type` does not (erased at build); dynamic `import()` does not
 * either (a deliberate lazy edge, as the server loads the services after it listens). A circle inside one folder
 * (a resource type and its registry) is that folder's own business.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

// This file runs from dist/src/: the sources are two folders up.
const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');

/** Tests and their support files (test-support/ folders, test-context.ts, fixture.ts) may import any layer. */
const isTestCode = (file: string): boolean => /(\.test\.ts|[/\\]test-support[/\\].*|[/\\]test-context\.ts|[/\\]fixture\.ts)$/.test(file);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [path] : [];
  });
}

const STATIC_IMPORT = /^(?:import|export)\s+(?!type\b)(?:[^;'"]*?\s+from\s+)?['"](\.[^'"]+)['"]/gm;

/** file → the files it imports at run time. */
export function importGraph(files: readonly string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const targets = [...text.matchAll(STATIC_IMPORT)].map((m) => resolve(dirname(file), m[1]!.replace(/\.js$/, '.ts')));
    graph.set(file, targets.filter((t) => t !== file));
  }
  return graph;
}

/** Strongly connected components with more than one file (Tarjan). */
export function circles(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) out.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return out;
}

test('no import circle spans more than one folder of src/', () => {
  const graph = importGraph(sources(SRC).filter((f) => !isTestCode(f)));
  const spanning = circles(graph)
    .filter((c) => new Set(c.map((f) => dirname(f))).size > 1)
    .map((c) => `${c.length} files: ${c.map((f) => relative(SRC, f)).join(', ')}`);
  assert.deepEqual(spanning, []);
});

/** DESIGN.md's rules, as the folders each layer may import (besides itself and shared/), type imports too. */
const MAY_IMPORT: Record<string, readonly string[]> = {
  shared: [],
  domain: [],
  policy: [],
  wire: [],
  store: [],
  runtime: [],
  network: ['domain'],
  gateway: ['domain', 'policy', 'store'],
};
const ANY_IMPORT = /^(?:import|export)\s+(?:type\s+)?(?:[^;'"]*?\s+from\s+)?['"](\.[^'"]+)['"]|import\(['"](\.[^'"]+)['"]\)/gm;

test('each layer imports only the layers DESIGN.md lets it', () => {
  const broken: string[] = [];
  for (const file of sources(SRC).filter((f) => !isTestCode(f))) {
    const layer = relative(SRC, file).split('/')[0]!;
    const allowed = MAY_IMPORT[layer];
    if (!allowed) continue;
    for (const m of readFileSync(file, 'utf8').matchAll(ANY_IMPORT)) {
      const target = relative(SRC, resolve(dirname(file), (m[1] ?? m[2])!)).split('/')[0]!;
      if (target !== layer && target !== 'shared' && !allowed.includes(target)) broken.push(`${relative(SRC, file)} imports ${target}/`);
    }
  }
  assert.deepEqual(broken, []);
});

test('the check finds a circle when there is one', () => {
  const graph = new Map([['a/x.ts', ['b/y.ts']], ['b/y.ts', ['a/x.ts']], ['c/z.ts', ['a/x.ts']]]);
  assert.deepEqual(circles(graph), [['a/x.ts', 'b/y.ts']]);
});
