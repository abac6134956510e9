/**
 * bench/s3: S3 PutObject and GetObject on Gatehouse (a data dir on disk, so the disk work is real) side by side
 * in one run with a bare Node HTTP file server doing the same disk work (bench/lib/bare-file-server.ts: the
 * body streamed to a temporary file with its MD5, fsynced, renamed; read back as a stream). Both in their own
 * processes; every phase runs in blocks alternating between the servers (ABBA), so they meet the same machine:
 * compare the ratios, not absolute figures between runs.
 *   - PUT then GET of 1 KiB objects (BENCH_N requests each, 8 connections) and of 64 MiB objects (BENCH_N_LARGE,
 *     2 connections): requests/s, MiB/s, p50/p99, the server's CPU per request, and for 64 MiB its peak RSS above
 *     its RSS before the phase;
 *   - a streamed PUT and GET of BENCH_STREAM_MB (1024) MiB, twice per server (ABBA): MiB/s and peak RSS above the
 *     RSS before.
 * Gatehouse's requests are signed (SigV4, UNSIGNED-PAYLOAD, as the CLI and SDKs send a plain PutObject); the
 * bare server's are the same requests without the signature. BENCH_CONNECTIONS sets the connections of every
 * phase; BENCH_ONLY=REGEX runs only the phases whose name matches ('PUT 1 KiB', 'streamed 1024 MiB').
 * BENCH_BASELINE_BIN=path/to/bin/gatehouse.js adds another build, interleaved too. Pin as the other
 * benches: `BENCH_SERVER_CPUS=0 taskset -c 1 npm run bench -- s3` (servers on CPU 0, this client on CPU 1);
 * BENCH_SERVER_NODE_FLAGS='--cpu-prof --cpu-prof-dir=/tmp/prof' profiles both servers (the profiles are named
 * by process id; the bare server starts first).
 * Target (issue 15): Gatehouse >= 0.7x the bare server's throughput, memory flat while streaming 1 GB.
 *
 * `npm run bench -- s3 cdk`: `cdk deploy` of test/fixtures/cdk-private-api/app.mjs with the real cdk CLI
 * (offline, as test/cdk-cli.test.ts runs it) against a fresh Gatehouse after `cdk bootstrap`: wall time, the
 * stack operation's span by its own events, and Gatehouse's own CPU time during each, apart from the CLI's
 * (which takes seconds of its own).
 * Target (issue 15): <= 3 s of Gatehouse's own time for the deploy.
 */
import { CloudFormationClient, DescribeStackEventsCommand } from '@aws-sdk/client-cloudformation';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deriveKey, hmac, sha256Hex, verifySignature } from '../src/wire/sigv4-verify.js';
import { pinned, processTreeCpuMs, spawnServer, startGatehouseProcess, table, type RunningServer } from './support.js';

const KIB = 1024;
const MIB = 1024 * KIB;
const N_SMALL = Number(process.env['BENCH_N'] ?? 4000);
const N_LARGE = Number(process.env['BENCH_N_LARGE'] ?? 16);
const STREAM_MIB = Number(process.env['BENCH_STREAM_MB'] ?? 1024);
const CONNECTIONS = process.env['BENCH_CONNECTIONS'] ? Number(process.env['BENCH_CONNECTIONS']) : undefined;
/** Blocks per server and phase, alternating between the servers. */
const ROUNDS = 4;
/** PUTs overwrite this many keys in turn (each overwrite removes the replaced body, as S3 must). */
const KEYS = 8;
const BUCKET = 'bench';
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BARE = fileURLToPath(new URL('./lib/bare-file-server.js', import.meta.url));

interface Peer {
  name: string;
  server: RunningServer;
  host: string;
  port: number;
  signed: boolean;
}

/** The SigV4 headers of an S3 request with an unsigned payload (signing key cached per day). */
const signer = (() => {
  let day = '';
  let key: Buffer = Buffer.alloc(0);
  return (method: string, host: string, path: string): Record<string, string> => {
    const amzDate = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
    const date = amzDate.slice(0, 8);
    if (date !== day) {
      day = date;
      key = deriveKey('test', date, 'us-east-1', 's3');
    }
    const canonical = `${method}\n${path}\n\nhost:${host}\nx-amz-content-sha256:UNSIGNED-PAYLOAD\nx-amz-date:${amzDate}\n\nhost;x-amz-content-sha256;x-amz-date\nUNSIGNED-PAYLOAD`;
    const scope = `${date}/us-east-1/s3/aws4_request`;
    const signature = hmac(key, `AWS4-HMAC-SHA256\n${amzDate}\n${scope}\n${sha256Hex(canonical)}`).toString('hex');
    return {
      'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
      'x-amz-date': amzDate,
      authorization: `AWS4-HMAC-SHA256 Credential=test/${scope}, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=${signature}`,
    };
  };
})();

/** The body of a request: bytes, or `size` bytes written in 1 MiB pieces as the socket takes them. */
type Body = Buffer | { size: number };
const PIECE = Buffer.alloc(MIB, 'gatehouse bench ');

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  bytes: number;
}

function call(peer: Peer, agent: Agent, method: 'PUT' | 'GET', path: string, body?: Body): Promise<Answer> {
  const host = `${peer.host}:${peer.port}`;
  const headers: Record<string, string> = { host, ...(peer.signed ? signer(method, host, path) : {}) };
  if (body !== undefined) headers['content-length'] = String(Buffer.isBuffer(body) ? body.length : body.size);
  return new Promise((resolve, reject) => {
    const req = request({ host: peer.host, port: peer.port, method, path, headers, agent }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, bytes }));
      res.on('error', reject);
    });
    req.on('error', reject);
    if (body === undefined) req.end();
    else if (Buffer.isBuffer(body)) req.end(body);
    else {
      let left = body.size;
      const more = (): void => {
        while (left > 0) {
          const piece = left >= PIECE.length ? PIECE : PIECE.subarray(0, left);
          left -= piece.length;
          if (!req.write(piece)) return void req.once('drain', more);
        }
        req.end();
      };
      more();
    }
  });
}

async function expect(answer: Promise<Answer>, status: number, bytes?: number): Promise<Answer> {
  const a = await answer;
  if (a.status !== status || (bytes !== undefined && a.bytes !== bytes)) throw new Error(`expected ${status} with ${bytes ?? 'any'} bytes, got ${a.status} with ${a.bytes}`);
  return a;
}

/** Resident memory of a process (kB) from /proc: now, and the peak since `resetPeak`. */
function rssKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m?.[1] ?? 0);
}

/**
 * Watches a process's peak RSS over a stretch: the kernel's own high-water mark (reset through clear_refs,
 * Linux >= 4.0), or, where that cannot be written, a sample every 5 ms.
 */
function watchRss(pid: number): { before: number; stop: () => number } {
  let reset = true;
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
  } catch {
    reset = false;
  }
  const before = rssKb(pid, 'VmRSS');
  let peak = before;
  const timer = reset ? undefined : setInterval(() => (peak = Math.max(peak, rssKb(pid, 'VmRSS'))), 5);
  return {
    before,
    stop: () => {
      if (timer) clearInterval(timer);
      return reset ? rssKb(pid, 'VmHWM') : Math.max(peak, rssKb(pid, 'VmRSS'));
    },
  };
}

interface Tally {
  latencies: number[];
  ms: number;
  cpuMs: number;
  /** Peak RSS above the RSS before a block, the most over the blocks (kB). */
  rssGrowthKb: number;
}

const newTally = (): Tally => ({ latencies: [], ms: 0, cpuMs: 0, rssGrowthKb: 0 });

/** `count` requests from `connections` workers; time, server CPU and (if asked) peak RSS added to `into`. */
async function block(peer: Peer, into: Tally, count: number, connections: number, watchMemory: boolean, op: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  const cpu0 = processTreeCpuMs(peer.server.pid).own;
  const rss = watchMemory ? watchRss(peer.server.pid) : undefined;
  const t0 = performance.now();
  const worker = async (): Promise<void> => {
    for (let i = next++; i < count; i = next++) {
      const s = performance.now();
      await op(i);
      into.latencies.push(performance.now() - s);
    }
  };
  await Promise.all(Array.from({ length: Math.min(connections, count) }, worker));
  into.ms += performance.now() - t0;
  if (rss) into.rssGrowthKb = Math.max(into.rssGrowthKb, rss.stop() - rss.before);
  into.cpuMs += processTreeCpuMs(peer.server.pid).own - cpu0;
}

interface Phase {
  name: string;
  method: 'PUT' | 'GET';
  size: number;
  count: number;
  connections: number;
}

async function runPhase(peers: Peer[], phase: Phase): Promise<Map<Peer, Tally>> {
  const agents = new Map(peers.map((p) => [p, new Agent({ keepAlive: true, maxSockets: phase.connections })]));
  const payload = Buffer.alloc(phase.size, 'x');
  const pathOf = (i: number): string => `/${BUCKET}/${phase.size === KIB ? 'small' : 'large'}-${i % KEYS}`;
  const op = (peer: Peer) => (i: number) =>
    phase.method === 'PUT' ? expect(call(peer, agents.get(peer)!, 'PUT', pathOf(i), payload), 200) : expect(call(peer, agents.get(peer)!, 'GET', pathOf(i)), 200, phase.size);
  const tallies = new Map(peers.map((p) => [p, newTally()]));
  const large = phase.size > MIB;
  try {
    // The objects a GET phase reads (whether or not its PUT phase ran).
    if (phase.method === 'GET') for (const peer of peers) for (let i = 0; i < KEYS; i++) await expect(call(peer, agents.get(peer)!, 'PUT', pathOf(i), payload), 200);
    // Warm-up (connections, JIT) outside the tallies.
    for (const peer of peers) await block(peer, newTally(), large ? Math.max(KEYS, phase.connections) : Math.max(KEYS, 200), phase.connections, false, op(peer));
    const perBlock = Math.ceil(phase.count / ROUNDS);
    for (let r = 0; r < ROUNDS; r++) {
      const order = r % 2 === 0 ? peers : [...peers].reverse();
      for (const peer of order) await block(peer, tallies.get(peer)!, perBlock, phase.connections, large, op(peer));
    }
  } finally {
    for (const agent of agents.values()) agent.destroy();
  }
  return tallies;
}

const at = (sorted: number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
const mb = (kb: number): string => (kb / 1024).toFixed(1);

async function startPeers(): Promise<Peer[]> {
  const peers: Peer[] = [];
  const barePort = (server: RunningServer): Peer => {
    const url = new URL(server.url);
    return { name: '', server, host: url.hostname, port: Number(url.port), signed: false };
  };
  // BENCH_SERVER_NODE_FLAGS (a profile, say) go to the bare server too, so the two can be compared.
  const nodeFlags = (process.env['BENCH_SERVER_NODE_FLAGS'] ?? '').split(' ').filter((f) => f !== '');
  const [command, args] = pinned(process.execPath, [...nodeFlags, BARE, mkdtempSync(join(tmpdir(), 'gatehouse-bench-bare-'))]);
  peers.push({ ...barePort(await spawnServer(command, args, /bare file server ready on (http:\/\/[^\s]+)/)), name: 'bare Node file server' });
  const builds: Array<[string, string | undefined]> = [['Gatehouse', undefined]];
  if (process.env['BENCH_BASELINE_BIN']) builds.push(['Gatehouse [baseline]', process.env['BENCH_BASELINE_BIN']]);
  for (const [name, bin] of builds) {
    const server = await startGatehouseProcess([], bin);
    const peer = { ...barePort(server), name, signed: true };
    peers.push(peer);
    const agent = new Agent({ keepAlive: false });
    await expect(call(peer, agent, 'PUT', `/${BUCKET}`), 200);
  }
  return peers;
}

/** The signer checked once against Gatehouse's own verifier (which, by default, does not check header signatures). */
function checkSigner(): void {
  const headers = { host: '127.0.0.1:1', ...signer('PUT', '127.0.0.1:1', `/${BUCKET}/k`) };
  if (!verifySignature({ method: 'PUT', path: `/${BUCKET}/k`, query: '', headers }, new Date(), () => 'test')) throw new Error('the bench signs requests wrongly');
}

export async function run(): Promise<void> {
  if (process.argv[3] === 'cdk') return runCdk();
  checkSigner();
  const small = CONNECTIONS ?? 8;
  const large = CONNECTIONS ?? 2;
  console.log(`bench/s3: ${N_SMALL} requests of 1 KiB (${small} connections), ${N_LARGE} of 64 MiB (${large} connections), ${STREAM_MIB} MiB streamed twice per server; each phase in ${ROUNDS} blocks per server, alternating`);
  if (process.env['BENCH_SERVER_CPUS']) console.log(`servers pinned to CPU ${process.env['BENCH_SERVER_CPUS']}`);
  console.log('');
  const peers = await startPeers();
  try {
    const phases: Phase[] = [
      { name: 'PUT 1 KiB', method: 'PUT', size: KIB, count: N_SMALL, connections: small },
      { name: 'GET 1 KiB', method: 'GET', size: KIB, count: N_SMALL, connections: small },
      { name: 'PUT 64 MiB', method: 'PUT', size: 64 * MIB, count: N_LARGE, connections: large },
      { name: 'GET 64 MiB', method: 'GET', size: 64 * MIB, count: N_LARGE, connections: large },
    ];
    // BENCH_ONLY=REGEX runs the phases whose name matches ('1 KiB', 'GET', 'streamed', ...).
    const only = process.env['BENCH_ONLY'] ? new RegExp(process.env['BENCH_ONLY']) : undefined;
    const rows: Array<Record<string, string | number>> = [];
    for (const phase of phases) {
      if (only && !only.test(phase.name)) continue;
      const tallies = await runPhase(peers, phase);
      const reference = tallies.get(peers[0]!)!;
      for (const peer of peers) {
        const t = tallies.get(peer)!;
        const n = t.latencies.length;
        const sorted = t.latencies.sort((a, b) => a - b);
        const perSecond = n / (t.ms / 1000);
        rows.push({
          phase: phase.name,
          server: peer.name,
          'requests/s': perSecond >= 100 ? Math.round(perSecond) : perSecond.toFixed(2),
          'MiB/s': ((perSecond * phase.size) / MIB).toFixed(phase.size === KIB ? 2 : 0),
          'p50 ms': at(sorted, 0.5).toFixed(2),
          'p99 ms': at(sorted, 0.99).toFixed(2),
          'server CPU ms/req': (t.cpuMs / n).toFixed(phase.size === KIB ? 3 : 1),
          'peak RSS - before, MiB': phase.size > MIB ? mb(t.rssGrowthKb) : '-',
          'vs bare': peer === peers[0] ? '-' : (perSecond / (reference.latencies.length / (reference.ms / 1000))).toFixed(2),
        });
      }
    }
    if (rows.length > 0) table(rows);
    console.log('');
    if (!only || only.test(`streamed ${STREAM_MIB} MiB`)) await streamed(peers);
  } finally {
    for (const peer of peers) await peer.server.stop();
  }
}

/** Two PUTs and GETs of STREAM_MIB MiB per server, in turn: throughput and how far RSS rose above where it was. */
async function streamed(peers: Peer[]): Promise<void> {
  const size = STREAM_MIB * MIB;
  const rows: Array<Record<string, string | number>> = [];
  const etags: string[] = [];
  // Twice each, in ABBA order: a single stream is at the mercy of whatever else the machine does meanwhile.
  const rounds = [peers, [...peers].reverse()];
  for (const method of ['PUT', 'GET'] as const) {
    for (const peer of rounds.flat()) {
      const agent = new Agent({ keepAlive: false });
      const rss = watchRss(peer.server.pid);
      const cpu0 = processTreeCpuMs(peer.server.pid).own;
      const t0 = performance.now();
      const path = `/${BUCKET}/streamed`;
      const answer = method === 'PUT' ? await expect(call(peer, agent, 'PUT', path, { size }), 200) : await expect(call(peer, agent, 'GET', path), 200, size);
      const seconds = (performance.now() - t0) / 1000;
      const peak = rss.stop();
      const cpuMs = processTreeCpuMs(peer.server.pid).own - cpu0;
      if (method === 'PUT') etags.push(String(answer.headers.etag));
      rows.push({
        [`${STREAM_MIB} MiB`]: method,
        server: peer.name,
        'MiB/s': Math.round(STREAM_MIB / seconds),
        'server CPU s': (cpuMs / 1000).toFixed(2),
        'RSS before, MiB': mb(rss.before),
        'peak RSS, MiB': mb(peak),
        'peak - before, MiB': mb(peak - rss.before),
      });
    }
  }
  table(rows);
  if (new Set(etags).size !== 1) throw new Error(`the servers disagree on the streamed object's ETag: ${etags.join(', ')}`);
}

// ---- cdk deploy ----

const CDK = join(ROOT, 'node_modules', 'aws-cdk', 'bin', 'cdk');
const APP = join(ROOT, 'test', 'fixtures', 'cdk-private-api', 'app.mjs');

interface Step {
  wallS: number;
  /** The CLI and what it ran (the app's synth), from bash's `times`. */
  cliCpuS: number;
  gatehouseCpuS: number;
  /** Gatehouse with its children (Lambda environments, if the deploy runs any). */
  gatehouseTreeCpuS: number;
}

/** The cdk CLI, offline (as test/cdk-cli.test.ts runs it), timed; Gatehouse's CPU read before and after. */
function cdkStep(gh: RunningServer, work: string, handlerDir: string, args: string[]): Promise<Step> {
  const argv = [CDK, ...args, '--app', `node ${APP}`, '--output', join(work, 'cdk.out'), '--no-notices', '--no-color'];
  const env = {
    ...process.env,
    AWS_ENDPOINT_URL: gh.url,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    CDK_DISABLE_CLI_TELEMETRY: 'true',
    CDK_DISABLE_VERSION_CHECK: 'true',
    GATEHOUSE_CDK_HANDLER_DIR: handlerDir,
  };
  const before = processTreeCpuMs(gh.pid);
  const t0 = performance.now();
  // bash's `times` prints the CPU time of the children it waited for: the CLI and the app it ran.
  const child = spawn('bash', ['-c', '"$0" "$@"; status=$?; times; exit $status', process.execPath, ...argv], { cwd: work, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (output += c.toString('utf8')));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => {
      const wallS = (performance.now() - t0) / 1000;
      const after = processTreeCpuMs(gh.pid);
      if (code !== 0) return reject(new Error(`cdk ${args[0]} failed (${code}):\n${output}`));
      const seconds = (t: string): number => {
        const m = /^(\d+)m([\d.]+)s$/.exec(t);
        return m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
      };
      const children = output.trim().split('\n').at(-1)!.trim().split(/\s+/);
      resolve({
        wallS,
        cliCpuS: seconds(children[0]!) + seconds(children[1]!),
        gatehouseCpuS: (after.own - before.own) / 1000,
        gatehouseTreeCpuS: (after.tree - before.tree) / 1000,
      });
    });
  });
}

/** How long the stack's operation took by its own events (CloudFormation's time, without the CLI's polling). */
async function stackOperationSeconds(gh: RunningServer, stackName: string): Promise<number> {
  const cfn = new CloudFormationClient({ endpoint: gh.url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
  try {
    const events = (await cfn.send(new DescribeStackEventsCommand({ StackName: stackName }))).StackEvents ?? [];
    const times = events.map((e) => e.Timestamp!.getTime());
    return (Math.max(...times) - Math.min(...times)) / 1000;
  } finally {
    cfn.destroy();
  }
}

async function runCdk(): Promise<void> {
  console.log('bench/s3 cdk: the real cdk CLI (offline) bootstraps, then deploys test/fixtures/cdk-private-api/app.mjs, against a fresh Gatehouse');
  if (process.env['BENCH_SERVER_CPUS']) console.log(`Gatehouse pinned to CPU ${process.env['BENCH_SERVER_CPUS']}`);
  console.log('');
  const work = mkdtempSync(join(tmpdir(), 'gatehouse-bench-cdk-'));
  const handlerDir = join(work, 'handler');
  mkdirSync(handlerDir);
  writeFileSync(join(handlerDir, 'index.js'), "exports.handler = async () => ({ statusCode: 200, body: 'Hello from an asset!' });\n");
  const gh = await startGatehouseProcess();
  try {
    const rows: Array<Record<string, string>> = [];
    const steps = [
      ['cdk bootstrap', ['bootstrap', 'aws://000000000000/us-east-1'], 'CDKToolkit'],
      ['cdk deploy', ['deploy', '--require-approval', 'never'], 'CdkPrivateApi'],
    ] as const;
    for (const [name, args, stack] of steps) {
      const step = await cdkStep(gh, work, handlerDir, [...args]);
      rows.push({
        step: name,
        'wall s': step.wallS.toFixed(2),
        'stack events, first to last, s': (await stackOperationSeconds(gh, stack)).toFixed(2),
        'Gatehouse CPU s': step.gatehouseCpuS.toFixed(2),
        'Gatehouse + children CPU s': step.gatehouseTreeCpuS.toFixed(2),
        'cdk CLI + app CPU s': step.cliCpuS.toFixed(2),
      });
    }
    table(rows);
  } finally {
    await gh.stop();
    rmSync(work, { recursive: true, force: true });
  }
}
