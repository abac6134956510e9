/**
 * Options of a Gatehouse server, parsed once at the boundary (CLI flags or a test's object). Parsed by hand,
 * not with zod: importing zod costs ~70 ms, and nothing may delay the ready line that can be done later.
 */
import { join, resolve } from 'node:path';
import { userRuntimesDir } from '../runtime/node-runtimes.js';
import { DEFAULT_ACCOUNT, DEFAULT_REGION } from '../shared/accounts.js';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export interface ResolvedOptions {
  host: string;
  port: number;
  dataDir: string;
  inMemory: boolean;
  defaultAccount: string;
  region: string;
  logLevel: (typeof LOG_LEVELS)[number];
  /** How long the egress proxy leaves a connection a security group drops unanswered before it closes it. */
  dropWaitMs: number;
  /**
   * Where Node majors other than the machine's are installed: `{dataDir}/runtimes`; in memory, the per-user
   * cache (a Node build is no state, and installing it again at every start of a test server would be waste).
   */
  runtimesDir: string;
  /**
   * `--strict-auth`: every AWS request's SigV4 signature is verified against credentials Gatehouse knows (the
   * default `test`/`test` and the keys it issued); any other key, or no signature, is refused (request-auth.ts).
   */
  strictAuth: boolean;
}

export type GatehouseOptions = Partial<ResolvedOptions>;

function fail(name: string, message: string): never {
  throw new Error(`invalid option ${name}: ${message}`);
}

export function resolveOptions(options: GatehouseOptions): ResolvedOptions {
  const o: ResolvedOptions = {
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 4566,
    dataDir: options.dataDir ?? '.gatehouse',
    inMemory: options.inMemory ?? false,
    defaultAccount: options.defaultAccount ?? DEFAULT_ACCOUNT,
    region: options.region ?? DEFAULT_REGION,
    logLevel: options.logLevel ?? 'info',
    dropWaitMs: options.dropWaitMs ?? 3000,
    runtimesDir: options.runtimesDir ?? '',
    strictAuth: options.strictAuth ?? false,
  };
  if (o.host === '') fail('host', 'must not be empty');
  if (!Number.isInteger(o.port) || o.port < 0 || o.port > 65535) fail('port', 'must be a port number (0-65535)');
  if (o.dataDir === '') fail('dataDir', 'must not be empty');
  // Absolute from here on: a Lambda environment runs in its code directory, where a relative path would
  // name something else (`npm start`'s default `.gatehouse` made every function fail to import its handler).
  o.dataDir = resolve(o.dataDir);
  o.runtimesDir = o.runtimesDir !== '' ? resolve(o.runtimesDir) : o.inMemory ? userRuntimesDir() : join(o.dataDir, 'runtimes');
  if (!/^\d{12}$/.test(o.defaultAccount)) fail('defaultAccount', 'must be 12 digits');
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(o.region)) fail('region', 'must look like us-east-1');
  if (!Number.isInteger(o.dropWaitMs) || o.dropWaitMs < 0) fail('dropWaitMs', 'must be a whole number of milliseconds');
  if (!LOG_LEVELS.includes(o.logLevel)) fail('logLevel', `must be one of ${LOG_LEVELS.join(', ')}`);
  return o;
}
