/**
 * `gatehouse <verb>`: the command line. `up` starts a server in this process; `exec` and `env` put a command
 * or a shell "on" an instance of a running server; `logs` and `explain` read what it recorded; `policy
 * simulate` needs no server at all.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { consoleBuilt } from '../server/console-route.js';
import { startGatehouse } from '../server/gatehouse.js';
import { VERSION } from '../server/version.js';
import { execOnInstance, printEnvironment } from './exec.js';
import { explainRequest, listRecentRequests } from './explain.js';
import { printFunctionLogs } from './logs.js';
import { printReachability } from './reach.js';
import type { RuntimesCliOptions } from './runtimes.js';
import { DEFAULT_ENDPOINT_URL } from './network-client.js';

function milliseconds(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('must be a whole number of milliseconds');
  return n;
}

function endpointUrl(value: string): string {
  if (!/^https?:\/\/[^/]+/.test(value)) throw new InvalidArgumentError('must be a URL such as http://127.0.0.1:4566');
  return value;
}

const ENDPOINT_URL_HELP = 'the running Gatehouse (default: $GATEHOUSE_ENDPOINT_URL or http://127.0.0.1:4566)';

/** How a command that talks to a running Gatehouse is told where it is. */
interface ServerOptions {
  endpointUrl?: string;
  /** `--endpoint`: the old spelling `explain` had, kept as a hidden alias on every such command. */
  endpoint?: string;
}

/**
 * Every command that talks to a running server takes `--endpoint-url` (as the AWS CLI does) and, as an alias
 * left out of `--help`, `--endpoint` (the spelling `explain` used to take).
 */
function withEndpointUrl(command: Command): Command {
  return command
    .addOption(new Option('--endpoint-url <url>', ENDPOINT_URL_HELP).argParser(endpointUrl))
    .addOption(new Option('--endpoint <url>', 'the same as --endpoint-url').argParser(endpointUrl).hideHelp());
}

/** The server a command talks to: --endpoint-url (or its alias), else $GATEHOUSE_ENDPOINT_URL, else the default. */
export function serverUrl(opts: ServerOptions, env: NodeJS.ProcessEnv = process.env): string {
  return opts.endpointUrl ?? opts.endpoint ?? env['GATEHOUSE_ENDPOINT_URL'] ?? DEFAULT_ENDPOINT_URL;
}

function count(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--last: ${value} is not a number of requests (1 or more)`);
  return n;
}

function trueOrFalse(value: string): string {
  if (!/^(true|false)$/i.test(value)) throw new InvalidArgumentError('must be true or false');
  return value.toLowerCase();
}

/** An options object without the keys commander set to undefined or to their defaults' false. */
function definedOnly<T extends object>(opts: T): Partial<T> {
  return Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined && v !== false)) as Partial<T>;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('must be a port number (0-65535)');
  return n;
}

interface SimulateCliOptions {
  policy: string;
  endpointPolicy?: string;
  resource?: string;
  api?: string;
  stage?: string;
  method?: string;
  path?: string;
  region?: string;
  account?: string;
  sourceVpce?: string;
  sourceVpc?: string;
  sourceIp?: string;
  vpcSourceIp?: string;
  userAgent?: string;
  referer?: string;
  time?: string;
  secureTransport?: string;
  context?: string[];
  json: boolean;
}

/** The whole command line, without running it (tests inspect and parse it). */
export function buildProgram(): Command {
  const program = new Command('gatehouse').version(VERSION).description('Amazon API Gateway private REST APIs on your machine');
  program
    .command('up')
    .description('start Gatehouse')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port for the AWS endpoint (0 = any free port)', port, 4566)
    .option('--data-dir <dir>', 'where state is kept (SQLite)', '.gatehouse')
    .option('--in-memory', 'keep state in memory only', false)
    .option('--default-account <id>', 'account for access keys that are not 12-digit account ids', '000000000000')
    .option('--region <region>', 'region for requests that do not name one', 'us-east-1')
    .option('--log-level <level>', 'fatal, error, warn, info, debug, trace or silent', 'info')
    .option('--drop-wait-ms <ms>', 'how long a connection a security group drops hangs before it closes', milliseconds, 3000)
    .option('--strict-auth', 'verify every AWS request\'s signature against known credentials (test/test and the keys Gatehouse issued)', false)
    .action(async (opts: { host: string; port: number; dataDir: string; inMemory: boolean; defaultAccount: string; region: string; logLevel: string; dropWaitMs: number; strictAuth: boolean }) => {
      const gatehouse = await startGatehouse({
        host: opts.host,
        port: opts.port,
        dataDir: opts.dataDir,
        inMemory: opts.inMemory,
        defaultAccount: opts.defaultAccount,
        region: opts.region,
        logLevel: opts.logLevel as 'info',
        dropWaitMs: opts.dropWaitMs,
        strictAuth: opts.strictAuth,
      });
      const notBuilt = consoleBuilt() ? '' : ' (not built yet: run `npm run build`, then open it)';
      process.stdout.write(`Gatehouse ready on ${gatehouse.url}\nConsole: ${gatehouse.consoleUrl}${notBuilt}\n`);
      const stop = (): void => {
        gatehouse.dispose().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
  withEndpointUrl(
    program
      .command('exec')
      .description("run a command on an instance: its HTTP(S) goes through the VPC, SDKs get its role's credentials from its metadata service (no command: an interactive shell)")
      .argument('<instance-id>', 'the instance, e.g. i-0123456789abcdef0')
      .argument('[command...]', 'the command and its arguments, after --')
  )
    .action(async (instanceId: string, command: string[], opts: ServerOptions) => {
      const code = await execOnInstance(serverUrl(opts), instanceId, command);
      process.exit(code);
    });
  withEndpointUrl(
    program
      .command('env')
      .description("print an instance's network settings as export lines: eval \"$(gatehouse env i-...)\"")
      .argument('<instance-id>', 'the instance, e.g. i-0123456789abcdef0')
  )
    .action(async (instanceId: string, opts: ServerOptions) => {
      await printEnvironment(serverUrl(opts), instanceId);
    });
  withEndpointUrl(
    program
      .command('tutorial')
      .description("run the seed tutorial (Build a private REST API) step by step against a running Gatehouse, then clean up")
      .option('--keep', 'leave the stack and the API in place at the end', false)
  )
    .action(async (opts: ServerOptions & { keep: boolean }) => {
      const { runTutorial } = await import('./tutorial.js');
      await runTutorial({ endpointUrl: serverUrl(opts), keep: opts.keep });
    });
  withEndpointUrl(
    program
      .command('logs')
      .description("a Lambda function's invocation logs (START, output, END, REPORT); --follow waits for new ones")
      .argument('<function-name>', 'the function')
      .option('-f, --follow', 'keep printing new invocations', false)
      .option('--region <region>', "the function's region (default: the server's)")
      .option('--account <id>', "the function's account (default: the server's default account)")
  )
    .action(async (functionName: string, opts: ServerOptions & { follow: boolean; region?: string; account?: string }) => {
      await printFunctionLogs(serverUrl(opts), functionName, opts);
    });
  withEndpointUrl(
    program
      .command('explain')
      .description("why an execute-api request was allowed or denied: give the x-amzn-RequestId of its answer (--last lists recent requests)")
      .argument('[request-id]', "the request's x-amzn-RequestId")
      .option('--last [n]', 'list the last N requests, one line each (default 20)')
      .option('--denied', 'with --last: only the denied ones (403)', false)
      .option('--json', 'print the raw JSON', false)
  )
    .action(async (requestId: string | undefined, opts: ServerOptions & { last?: string | true; denied: boolean; json: boolean }) => {
      const url = serverUrl(opts);
      if (opts.last !== undefined) {
        if (requestId !== undefined) throw new Error('give either a request id or --last, not both');
        await listRecentRequests(url, opts.last === true ? 20 : count(opts.last), opts);
        return;
      }
      if (requestId === undefined) throw new Error('name a request: its x-amzn-RequestId (`gatehouse explain --last` lists recent ones)');
      await explainRequest(url, requestId, opts);
    });
  withEndpointUrl(
    program
      .command('reach')
      .description('which instances can call which deployed private APIs, through which endpoint and names, and what the policies say per method (nothing is sent)')
      .option('--instance <id>', 'only this instance')
      .option('--api <id>', 'only this API')
      .option('--json', 'print the raw JSON', false)
  )
    .action(async (opts: ServerOptions & { instance?: string; api?: string; json: boolean }) => {
      await printReachability(serverUrl(opts), opts);
    });
  const runtimes = program
    .command('runtimes')
    .description("the Node.js each nodejs*.x runtime runs on: this machine's for its own major, others installed from the npm registry (install: ahead of first use)")
    .option('--data-dir <dir>', 'the data dir whose runtimes/ to list (default .gatehouse)')
    .option('--in-memory', 'the per-user cache an --in-memory Gatehouse uses', false)
    .action(async (opts: RuntimesCliOptions) => {
      const { listRuntimes } = await import('./runtimes.js');
      listRuntimes(opts);
    });
  runtimes
    .command('install')
    .description('install Node.js runtimes with npm now rather than at their first invocation (default: every nodejs*.x)')
    .argument('[runtimes...]', 'e.g. nodejs24.x nodejs22.x')
    .option('--data-dir <dir>', 'the data dir to install into, under runtimes/ (default .gatehouse)')
    .option('--in-memory', 'install into the per-user cache an --in-memory Gatehouse uses', false)
    .action(async (names: string[], opts: RuntimesCliOptions) => {
      const { installRuntimes } = await import('./runtimes.js');
      // Options given before `install` belong to `runtimes`.
      process.exitCode = await installRuntimes(names, { ...runtimes.opts<RuntimesCliOptions>(), ...definedOnly(opts) });
    });
  const policy = program.command('policy').description('IAM policies as API Gateway evaluates them');
  policy
    .command('simulate')
    .description("evaluate a resource policy (and a VPC endpoint policy) against a described request, locally: explains the decision and prints API Gateway's answer; exit code 0 allowed, 2 denied")
    .requiredOption('--policy <file|json>', "the API's resource policy (execute-api:/ shorthand allowed); a file, inline JSON, or - for stdin")
    .option('--endpoint-policy <file|json>', 'the VPC endpoint policy, evaluated first')
    .option('--resource <arn>', 'the request as an ARN: arn:aws:execute-api:REGION:ACCOUNT:API/STAGE/METHOD/PATH')
    .option('--api <id>', 'the API id (instead of --resource)')
    .option('--stage <name>', 'the stage')
    .option('--method <method>', 'the HTTP method')
    .option('--path <path>', 'the path after the stage (default /)')
    .option('--region <region>', "the API's region, with --api (default us-east-1)")
    .option('--account <id>', "the API's account, with --api (default 000000000000)")
    .option('--source-vpce <id>', 'aws:SourceVpce: the VPC endpoint the request comes through')
    .option('--source-vpc <id>', 'aws:SourceVpc')
    .option('--source-ip <ip>', 'aws:SourceIp (public callers)')
    .option('--vpc-source-ip <ip>', 'aws:VpcSourceIp (the caller\'s address in the VPC)')
    .option('--user-agent <ua>', 'aws:UserAgent')
    .option('--referer <url>', 'aws:Referer')
    .option('--time <iso>', 'aws:CurrentTime and aws:EpochTime (default: now)')
    .option('--secure-transport <bool>', 'aws:SecureTransport (default true)', trueOrFalse)
    .option('--context <key=value>', 'any other condition key (repeatable; twice the same key: several values)', collect)
    .option('--json', 'print the result as JSON', false)
    .action(async (opts: SimulateCliOptions) => {
      const { runSimulate } = await import('./simulate.js');
      process.exitCode = runSimulate(opts);
    });
  return program;
}

export async function main(argv: string[]): Promise<void> {
  await buildProgram().parseAsync(argv);
}
