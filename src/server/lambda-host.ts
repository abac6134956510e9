/**
 * The Lambda service's host: deployment packages and layer archives kept by content under the data dir
 * (`lambda/code/{sha}.zip`, unpacked once into `lambda/tasks/{sha}/`; a function's layers merged once into
 * `lambda/opt/{hash}/`, layer-content.ts), and one pool of execution environments per function version and
 * revision, so a changed function never reuses environments of its old code or settings.
 */
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { unzipSync } from 'fflate';
import { CustomEnvironment } from '../runtime/custom-environment.js';
import { NodeEnvironment } from '../runtime/node-environment.js';
import { NodeRuntimes, userRuntimesDir } from '../runtime/node-runtimes.js';
import { FunctionPool, type Starter } from '../runtime/pool.js';
import { PythonEnvironment } from '../runtime/python-environment.js';
import type { FunctionImage } from '../runtime/types.js';
import { invalidParameter } from '../services/lambda/errors.js';
import type { CodeWhere, FunctionTarget, HostInvokeResult, LambdaHost, StoredCode } from '../services/lambda/host.js';
import { FUNCTION_SECRET } from '../shared/known-secrets.js';
import { FunctionLogs } from './function-logs.js';
import { LambdaCodeUrls } from './lambda-code-urls.js';
import { extractZip, mergedLayers } from './layer-content.js';
import type { Logger } from './logger.js';

const MAX_UNZIPPED = 262144000;
/** Environments one function may have at once unless its reserved concurrency says otherwise. */
const DEFAULT_MAX_ENVIRONMENTS = 100;
const IDLE_MS = 5 * 60_000;

export interface LambdaHostOptions {
  /** Where each invocation's log goes (`gatehouse logs`). */
  logs: FunctionLogs;
  /** Where packages and unpacked code live. */
  root: string;
  /** Gatehouse's own AWS endpoint, which functions' SDK calls reach through AWS_ENDPOINT_URL. */
  endpointUrl: () => string;
  logger: Logger;
  /** Where Node majors other than the machine's are installed (default: the per-user cache). */
  runtimesDir?: string;
}

/** Which execution environment runs a runtime. */
function starterFor(runtime: string, nodeRuntimes: NodeRuntimes): Starter {
  if (runtime.startsWith('provided')) return (img, stream) => CustomEnvironment.start(img, stream);
  if (runtime.startsWith('python')) return (img, stream) => PythonEnvironment.start(img, stream);
  return NodeEnvironment.starter(nodeRuntimes);
}

/** A function version's pool, and the key its invocation logs are kept under. */
interface PoolEntry {
  pool: FunctionPool;
  logsKey: string;
}

export class LocalLambdaHost implements LambdaHost {
  private readonly pools = new Map<string, PoolEntry>();
  /**
   * The programmatic invoke hands the same target object for a function until a Lambda change commits, so
   * its pool is found by identity without building the pool key and log key strings per invocation.
   */
  private readonly byTarget = new WeakMap<FunctionTarget, PoolEntry>();
  generation = 0;

  /** A Lambda operation committed: what was prepared from older reads of the store is stale. */
  changed(): void {
    this.generation++;
  }

  /** The Node each `nodejs*.x` runtime runs on, installed on first use. */
  readonly nodeRuntimes: NodeRuntimes;

  /** The presigned S3 URLs GetFunction and GetLayerVersion answer, and the key that signs them. */
  readonly codeUrls: LambdaCodeUrls;

  constructor(private readonly options: LambdaHostOptions) {
    this.codeUrls = new LambdaCodeUrls(options.endpointUrl);
    this.nodeRuntimes = new NodeRuntimes({ dir: options.runtimesDir ?? userRuntimesDir(), log: (level, message) => options.logger[level](message) });
  }

  storeCode(zip: Buffer): StoredCode {
    let files: Record<string, Uint8Array>;
    try {
      files = unzipSync(zip);
    } catch {
      throw invalidParameter('Could not unzip uploaded file. Please check your file, then try to upload again.');
    }
    const unzipped = Object.values(files).reduce((n, f) => n + f.length, 0);
    if (unzipped > MAX_UNZIPPED) throw invalidParameter(`Unzipped size must be smaller than ${MAX_UNZIPPED} bytes`);
    const digest = createHash('sha256').update(zip).digest();
    const key = digest.toString('hex');
    const file = this.zipPath(key);
    if (!existsSync(file)) {
      mkdirSync(dirname(file), { recursive: true });
      // Write then rename: a crash never leaves a half-written package under its final name.
      writeFileSync(`${file}.tmp`, zip);
      renameSync(`${file}.tmp`, file);
    }
    return { key, sha256: digest.toString('base64'), size: zip.length };
  }

  codeLocation(key: string, where: CodeWhere): string {
    return this.codeUrls.url(where.kind, where, key, new Date());
  }

  /** The path of a stored package, for the server's download route. */
  zipPath(key: string): string {
    return join(this.options.root, 'code', `${key}.zip`);
  }

  async invoke(target: FunctionTarget, request: { requestId: string; payload: string; invokedFunctionArn: string }): Promise<HostInvokeResult> {
    const entry = this.poolFor(target);
    const result = await entry.pool.invoke(request);
    this.options.logs.append(entry.logsKey, result.log);
    if (this.options.logger.isLevelEnabled('info')) {
      this.options.logger.info({ function: target.functionName, requestId: request.requestId, outcome: result.outcome.kind }, `lambda ${target.functionName}\n${result.log}`);
    }
    return { kind: result.outcome.kind, payload: result.outcome.payload, log: result.log };
  }

  retire(functionArn: string): void {
    for (const [key, entry] of this.pools) {
      if (key.startsWith(`${functionArn}#`)) {
        entry.pool.dispose();
        this.pools.delete(key);
      }
    }
  }

  dispose(): void {
    this.codeUrls.dispose();
    for (const entry of this.pools.values()) entry.pool.dispose();
    this.pools.clear();
  }

  private poolFor(target: FunctionTarget): PoolEntry {
    const known = this.byTarget.get(target);
    // A retired or disposed pool is no longer in `pools`: look again.
    if (known !== undefined && !known.pool.disposed) return known;
    const key = `${target.functionArn}#${target.functionVersion}#${target.revisionId}#${target.codeKey}`;
    let entry = this.pools.get(key);
    if (!entry) {
      const image: FunctionImage = {
        functionName: target.functionName,
        functionVersion: target.functionVersion,
        functionArn: target.functionArn,
        runtime: target.runtime,
        handler: target.handler,
        codeDir: this.unpacked(target.codeKey),
        memorySize: target.memorySize,
        timeout: target.timeout,
        region: target.region,
        account: target.account,
        environment: target.environment,
        ...(target.layerKeys.length === 0 ? {} : { optDir: mergedLayers(this.options.root, target.layerKeys, (k) => this.zipPath(k)) }),
        platformEnvironment: {
          AWS_ENDPOINT_URL: this.options.endpointUrl(),
          // A 12-digit access key is the account to Gatehouse, so the function's own calls stay in its account.
          AWS_ACCESS_KEY_ID: target.account,
          AWS_SECRET_ACCESS_KEY: FUNCTION_SECRET,
          AWS_SESSION_TOKEN: 'gatehouse',
        },
      };
      const start = starterFor(target.runtime, this.nodeRuntimes);
      const pool = new FunctionPool(image, start, { maxEnvironments: target.reservedConcurrency ?? DEFAULT_MAX_ENVIRONMENTS, idleMs: IDLE_MS });
      entry = { pool, logsKey: FunctionLogs.key(target.account, target.region, target.functionName) };
      this.pools.set(key, entry);
    }
    this.byTarget.set(target, entry);
    return entry;
  }

  /** The package unpacked (once per package) into its task directory. */
  private unpacked(key: string): string {
    const tasks = join(this.options.root, 'tasks');
    const dir = join(tasks, key);
    // On Lambda nothing above /var/task is a package, so a .js file without its own package.json is
    // CommonJS. Node looks for the nearest package.json upwards, and the data directory may sit in a
    // project with "type": "module" (npm start's .gatehouse does): this empty one ends the search here.
    // Checked before the unpacked test: packages unpacked by an older Gatehouse need it too.
    const scope = join(tasks, 'package.json');
    if (!existsSync(scope)) {
      mkdirSync(tasks, { recursive: true });
      writeFileSync(scope, '{}\n');
    }
    if (existsSync(join(dir, '.complete'))) return dir;
    rmSync(dir, { recursive: true, force: true });
    extractZip(new Uint8Array(readFileSync(this.zipPath(key))), dir);
    // Zip permissions are not carried over; a custom runtime's entry point must be executable.
    if (existsSync(join(dir, 'bootstrap'))) chmodSync(join(dir, 'bootstrap'), 0o755);
    writeFileSync(join(dir, '.complete'), '');
    return dir;
  }
}
