/** `gatehouse <verb>`: the command line. `up` starts a server in this process. */
import { Command, InvalidArgumentError } from 'commander';
import { startGatehouse } from '../server/gatehouse.js';
import { VERSION } from '../server/version.js';

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
    .action(async (opts: { host: string; port: number; dataDir: string; inMemory: boolean; defaultAccount: string; region: string; logLevel: string }) => {
      const gatehouse = await startGatehouse({
        host: opts.host,
        port: opts.port,
        dataDir: opts.dataDir,
        inMemory: opts.inMemory,
        defaultAccount: opts.defaultAccount,
        region: opts.region,
        logLevel: opts.logLevel as 'info',
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
  await program.parseAsync(argv);
}
