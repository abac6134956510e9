/**
 * `gatehouse exec` and `gatehouse env`: a command, or an interactive shell (the tutorial's Session Manager),
 * run "on" an instance: its HTTP(S) leaves through Gatehouse's egress proxy as the instance, trusting the
 * local CA. The command's exit code is passed through.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { join } from 'node:path';
import { CREDENTIAL_VARIABLES, exportLines, instanceEnvironment, shellQuote } from './instance-env.js';
import { instanceNetwork, type InstanceNetwork } from './network-client.js';

const PRELOAD_URL = new URL('./fetch-proxy-preload.js', import.meta.url).href;

/**
 * The instance's settings, and the variables to take away: for an instance with an instance profile, the
 * shell's own credentials (CREDENTIAL_VARIABLES), so SDKs on it sign as its role through IMDS.
 */
async function environmentFor(endpointUrl: string, instanceId: string): Promise<{ network: InstanceNetwork; env: Record<string, string>; unset: readonly string[] }> {
  const network = await instanceNetwork(endpointUrl, instanceId);
  const env = instanceEnvironment({ instanceId, proxy: network.proxy, caFile: network.caFile, preloadUrl: PRELOAD_URL, nodeOptions: process.env['NODE_OPTIONS'], imds: network.imds });
  return { network, env, unset: network.instance.hasInstanceProfile ? CREDENTIAL_VARIABLES : [] };
}

/** `gatehouse env`: the settings as `export` lines, for `eval "$(gatehouse env i-...)"`. */
export async function printEnvironment(endpointUrl: string, instanceId: string): Promise<void> {
  const { env, unset } = await environmentFor(endpointUrl, instanceId);
  process.stdout.write(exportLines(env, unset));
}

/** `gatehouse exec`: resolves with the exit code to leave with. */
export async function execOnInstance(endpointUrl: string, instanceId: string, command: readonly string[]): Promise<number> {
  const { network, env, unset } = await environmentFor(endpointUrl, instanceId);
  const fullEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  for (const name of unset) delete fullEnv[name];
  if (command.length > 0) return run(command[0]!, command.slice(1), fullEnv);
  return interactiveShell(network, fullEnv);
}

function interactiveShell(network: InstanceNetwork, env: NodeJS.ProcessEnv): Promise<number> {
  const { instance } = network;
  process.stderr.write(`\nStarting session on ${instance.instanceId} (${instance.vpcId}, ${instance.privateIpAddress}, ${instance.region}).\n` + `Its HTTP(S) goes through Gatehouse's egress proxy and the VPC's DNS. Leave with \`exit\`.\n\n`);
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-session-'));
  // The user's own bashrc first, then a prompt that says where this shell is.
  const rcfile = join(dir, 'bashrc');
  writeFileSync(rcfile, `[ -f ~/.bashrc ] && . ~/.bashrc\nPS1=${shellQuote(`[${instance.instanceId} \\W]\\$ `)}\n`);
  return run('bash', ['--rcfile', rcfile, '-i'], env).finally(() => rmSync(dir, { recursive: true, force: true }));
}

/** Runs a command in the foreground; Ctrl-C goes to it (the terminal signals its process group), not to us. */
function run(file: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    const child: ChildProcess = spawn(file, args, { stdio: 'inherit', env });
    const ignore = (): void => {};
    const forward = (signal: NodeJS.Signals) => (): void => void child.kill(signal);
    const onTerm = forward('SIGTERM');
    const onHup = forward('SIGHUP');
    process.on('SIGINT', ignore);
    process.on('SIGQUIT', ignore);
    process.on('SIGTERM', onTerm);
    process.on('SIGHUP', onHup);
    const done = (code: number): void => {
      process.off('SIGINT', ignore);
      process.off('SIGQUIT', ignore);
      process.off('SIGTERM', onTerm);
      process.off('SIGHUP', onHup);
      resolve(code);
    };
    child.once('error', (error: NodeJS.ErrnoException) => {
      process.stderr.write(`gatehouse exec: ${file}: ${error.code === 'ENOENT' ? 'command not found' : error.message}\n`);
      done(error.code === 'ENOENT' ? 127 : 126);
    });
    child.once('exit', (code, signal) => done(code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0)));
  });
}
