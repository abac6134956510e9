/**
 * `gatehouse <verb>`: the command line. `up` starts a server in this process; `exec` and `env` put a command
 * or a shell "on" an instance of a running server.
 */
import { Command, InvalidArgumentError } from 'commander';
import { startGatehouse } from '../server/gatehouse.js';
import { VERSION } from '../server/version.js';
import { execOnInstance, printEnvironment } from './exec.js';
import { printFunctionLogs } from './logs.js';
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
const defaultEndpointUrl = (): string => process.env['GATEHOUSE_ENDPOINT_URL'] ?? DEFAULT_ENDPOINT_URL;

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('must be a port number (0-65535)');
  return n;
}

export async function main(argv: string[]): Promise<void> {
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
    .action(async (opts: { host: string; port: number; dataDir: string; inMemory: boolean; defaultAccount: string; region: string; logLevel: string; dropWaitMs: number }) => {
      const gatehouse = await startGatehouse({
        host: opts.host,
        port: opts.port,
        dataDir: opts.dataDir,
        inMemory: opts.inMemory,
        defaultAccount: opts.defaultAccount,
        region: opts.region,
        logLevel: opts.logLevel as 'info',
        dropWaitMs: opts.dropWaitMs,
      });
      process.stdout.write(`Gatehouse ready on ${gatehouse.url}\n`);
      const stop = (): void => {
        gatehouse.dispose().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
  program
    .command('exec')
    .description('run a command on an instance: its HTTP(S) goes through the VPC (no command: an interactive shell)')
    .argument('<instance-id>', 'the instance, e.g. i-0123456789abcdef0')
    .argument('[command...]', 'the command and its arguments, after --')
    .option('--endpoint-url <url>', ENDPOINT_URL_HELP, endpointUrl)
    .action(async (instanceId: string, command: string[], opts: { endpointUrl?: string }) => {
      const code = await execOnInstance(opts.endpointUrl ?? defaultEndpointUrl(), instanceId, command);
      process.exit(code);
    });
  program
    .command('env')
    .description("print an instance's network settings as export lines: eval \"$(gatehouse env i-...)\"")
    .argument('<instance-id>', 'the instance, e.g. i-0123456789abcdef0')
    .option('--endpoint-url <url>', ENDPOINT_URL_HELP, endpointUrl)
    .action(async (instanceId: string, opts: { endpointUrl?: string }) => {
      await printEnvironment(opts.endpointUrl ?? defaultEndpointUrl(), instanceId);
    });
  program
    .command('logs')
    .description("a Lambda function's invocation logs (START, output, END, REPORT); --follow waits for new ones")
    .argument('<function-name>', 'the function')
    .option('-f, --follow', 'keep printing new invocations', false)
    .option('--region <region>', "the function's region (default: the server's)")
    .option('--account <id>', "the function's account (default: the server's default account)")
    .option('--endpoint-url <url>', ENDPOINT_URL_HELP, endpointUrl)
    .action(async (functionName: string, opts: { follow: boolean; region?: string; account?: string; endpointUrl?: string }) => {
      await printFunctionLogs(opts.endpointUrl ?? defaultEndpointUrl(), functionName, opts);
    });
  await program.parseAsync(argv);
}
