/**
 * serverless-offline (npm `serverless@3` + `serverless-offline@13`, in-process mode) serving one handler, for
 * bench/dataplane's comparison column. It is not a Gatehouse dependency: the first run installs it into
 * ~/.cache/gatehouse-bench/serverless (from the npm registry) and later runs reuse it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pinned, spawnServer, type RunningServer } from '../support.js';

const CACHE = join(homedir(), '.cache', 'gatehouse-bench', 'serverless');
const CLI = join(CACHE, 'node_modules', 'serverless', 'bin', 'serverless.js');

function ensureInstalled(): void {
  if (existsSync(CLI) && existsSync(join(CACHE, 'node_modules', 'serverless-offline'))) return;
  console.log(`installing serverless@3 and serverless-offline@13 into ${CACHE} (once)...`);
  mkdirSync(CACHE, { recursive: true });
  if (!existsSync(join(CACHE, 'package.json'))) writeFileSync(join(CACHE, 'package.json'), '{"name":"gatehouse-bench-serverless","private":true}\n');
  execFileSync('npm', ['install', '--no-audit', '--no-fund', 'serverless@3', 'serverless-offline@13'], { cwd: CACHE, stdio: 'inherit' });
}

/** Starts serverless-offline on loopback with `GET /{stage}/{path}` calling `exports.handler = HANDLER_SOURCE`. */
export async function startServerlessOffline(handlerSource: string, path: string, stage: string): Promise<RunningServer> {
  ensureInstalled();
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-bench-sls-'));
  symlinkSync(join(CACHE, 'node_modules'), join(dir, 'node_modules'));
  writeFileSync(join(dir, 'handler.js'), `exports.handler = ${handlerSource};\n`);
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  writeFileSync(
    join(dir, 'serverless.yml'),
    [
      'service: bench',
      "frameworkVersion: '3'",
      'provider: { name: aws, runtime: nodejs20.x, region: us-east-1, stage: ' + stage + ' }',
      'plugins: [serverless-offline]',
      'functions:',
      '  bench:',
      '    handler: handler.handler',
      `    events: [{ http: { path: ${path}, method: get } }]`,
      'custom:',
      `  serverless-offline: { host: 127.0.0.1, httpPort: ${port}, lambdaPort: ${port + 1}, useInProcess: true, noTimeout: true }`,
      '',
    ].join('\n'),
  );
  // No telemetry, update checks or notifications: nothing may leave loopback.
  const env = { ...process.env, SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off', SLS_DEPRECATION_DISABLE: '*', SLS_INTERACTIVE_SETUP_DISABLE: '1' };
  const [command, args] = pinned(process.execPath, [CLI, 'offline', 'start']);
  const server = await spawnServer(command, args, /Server ready: (http:\/\/[^\s]+)/, env, dir);
  return server;
}
