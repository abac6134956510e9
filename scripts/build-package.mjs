#!/usr/bin/env node
// The build `npm ci` and `npm pack` run (the `prepare` and `prepack` scripts): the server and tests (tsc into
// dist/) and the web console (vite into dist/console/), each only when its output is missing or older than its
// sources, then the runtime assets. `npm pack` runs prepack and then prepare: the second finds it all built, and
// so does a pack right after `npm run build` (the package test's case), so packing does not rebuild for nothing.
//
// Runtime assets: a file under src/ that is not TypeScript (say src/runtime/bootstrap/python/bootstrap.py) is read
// at run time next to the compiled modules, as `new URL('./bootstrap/python/bootstrap.py', import.meta.url)`, so it
// is copied to the same place under dist/src/, which package.json's `files` ships whole. Markdown and anything
// under test-support/ or fixtures/ stay behind. `node scripts/build-package.mjs --assets` copies them alone
// (the end of `npm run build`).
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { delimiter, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const at = (...parts) => join(ROOT, ...parts);

/** Every file under dir (relative to ROOT), skipping node_modules. */
function walk(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.name === 'node_modules') return [];
    const path = join(dir, e.name);
    return e.isDirectory() ? walk(path) : [path];
  });
}

const mtime = (path) => statSync(path).mtimeMs;

/** tsc writes every output on each run, so the server is fresh when each .ts has a .js no older than it. */
function serverStale() {
  const sources = ['src', 'test', 'bench'].flatMap((d) => walk(at(d))).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
  let oldestOutput = Infinity;
  for (const source of sources) {
    const output = at('dist', relative(ROOT, source).replace(/\.ts$/, '.js'));
    if (!existsSync(output) || mtime(output) < mtime(source)) return true;
    oldestOutput = Math.min(oldestOutput, mtime(output));
  }
  return mtime(at('tsconfig.json')) > oldestOutput;
}

/** vite empties dist/console/ and writes index.html on each build. */
function consoleStale() {
  const index = at('dist', 'console', 'index.html');
  if (!existsSync(index)) return true;
  const built = mtime(index);
  return walk(at('console-ui')).some((f) => mtime(f) > built);
}

function run(command, args) {
  const env = { ...process.env, PATH: `${at('node_modules', '.bin')}${delimiter}${process.env.PATH ?? ''}` };
  const result = spawnSync(command, args, { cwd: ROOT, env, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

/** Copies src/'s runtime assets to dist/src/ (only those that changed); returns how many were copied. */
export function copyRuntimeAssets() {
  let copied = 0;
  for (const source of walk(at('src'))) {
    const rel = relative(at('src'), source);
    if (rel.endsWith('.ts') || rel.endsWith('.md') || rel.split(/[\\/]/).some((p) => p === 'test-support' || p === 'fixtures')) continue;
    const target = at('dist', 'src', rel);
    if (existsSync(target) && readFileSync(target).equals(readFileSync(source))) continue;
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(source, target);
    copied++;
  }
  return copied;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const assetsOnly = process.argv.includes('--assets');
  if (!assetsOnly) {
    if (serverStale()) run('tsc', ['-p', 'tsconfig.json']);
    else console.log('build-package: dist/ is up to date with src/, test/ and bench/ (tsc skipped)');
    if (consoleStale()) run('vite', ['build', 'console-ui']);
    else console.log('build-package: dist/console/ is up to date with console-ui/ (vite build skipped)');
  }
  const copied = copyRuntimeAssets();
  if (copied) console.log(`build-package: ${copied} runtime asset${copied === 1 ? '' : 's'} copied to dist/src/`);
}
