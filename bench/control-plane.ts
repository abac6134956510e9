/**
 * bench/control-plane: sequential CreateRestApi then GetRestApi with the AWS SDK v3 over HTTP, against
 * Gatehouse with SQLite state, side by side in one run with two baselines:
 *   - floor: a bare node HTTP server that answers every call with a fixed RestApi (SDK + HTTP cost only);
 *   - moto: moto_server, the nearest runnable peer, when it is installed.
 * Also: `gatehouse up` spawn → ready line, and → first accepted request.
 * Figures are ratios against the baselines; absolute numbers vary with the machine.
 */
import { APIGatewayClient, CreateRestApiCommand, GetRestApiCommand } from '@aws-sdk/client-api-gateway';
import { spawnSync } from 'node:child_process';
import { rate, spawnServer, startGatehouseProcess, table, type RunningServer } from './support.js';

const N = Number(process.env['BENCH_N'] ?? 3000);
const WARMUP = 300;

const FLOOR_SERVER = `
const http = require('node:http');
const body = JSON.stringify({ id: 'abcdefghij', name: 'bench', createdDate: 1760000000, apiKeySource: 'HEADER',
  endpointConfiguration: { types: ['REGIONAL'], ipAddressType: 'ipv4' }, disableExecuteApiEndpoint: false, rootResourceId: 'klmnopqrst' });
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => { res.writeHead(req.method === 'POST' ? 201 : 200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }); res.end(body); });
});
server.keepAliveTimeout = 65000;
server.listen(0, '127.0.0.1', () => console.log('listening on http://127.0.0.1:' + server.address().port));
`;

async function measure(label: string, server: RunningServer): Promise<Record<string, string | number>> {
  const client = new APIGatewayClient({ endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
  const ids: string[] = [];
  await rate(WARMUP, async () => ids.push((await client.send(new CreateRestApiCommand({ name: 'warmup', endpointConfiguration: { types: ['REGIONAL'] } }))).id!));
  const create = await rate(N, async () => ids.push((await client.send(new CreateRestApiCommand({ name: 'bench', endpointConfiguration: { types: ['REGIONAL'] } }))).id!));
  const get = await rate(N, (i) => client.send(new GetRestApiCommand({ restApiId: ids[i % ids.length]! })));
  client.destroy();
  return { server: label, 'CreateRestApi/s': Math.round(create), 'GetRestApi/s': Math.round(get) };
}

async function startup(): Promise<Record<string, string | number>> {
  const samples: Array<{ ready: number; firstRequest: number }> = [];
  for (let i = 0; i < 5; i++) {
    const t0 = process.hrtime.bigint();
    const gh = await startGatehouseProcess(['--in-memory']);
    await fetch(`${gh.url}/_gatehouse/health`);
    samples.push({ ready: gh.readyMs, firstRequest: Number(process.hrtime.bigint() - t0) / 1e6 });
    await gh.stop();
  }
  const nodeAlone = spawnSync(process.execPath, ['-e', '0']);
  void nodeAlone;
  const t0 = process.hrtime.bigint();
  spawnSync(process.execPath, ['-e', '0']);
  const bareNode = Number(process.hrtime.bigint() - t0) / 1e6;
  const median = (xs: number[]): number => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return {
    'gatehouse up → ready line (ms, median of 5)': median(samples.map((s) => s.ready)).toFixed(0),
    'gatehouse up → first request answered (ms)': median(samples.map((s) => s.firstRequest)).toFixed(0),
    'node -e 0 (ms, the floor of any node CLI)': bareNode.toFixed(0),
  };
}

export async function run(): Promise<void> {
  console.log(`bench/control-plane: ${N} sequential calls per operation, SDK v3 over HTTP, server in its own process\n`);
  const rows: Array<Record<string, string | number>> = [];

  const floor = await spawnServer(process.execPath, ['-e', FLOOR_SERVER], /listening on (http:\/\/[^\s]+)/);
  rows.push(await measure('floor (bare node http, canned answer)', floor));
  await floor.stop();

  const gh = await startGatehouseProcess();
  rows.push(await measure('gatehouse (SQLite file)', gh));
  await gh.stop();

  const moto = await startMoto();
  if (moto) {
    rows.push(await measure('moto_server', moto));
    await moto.stop();
  } else {
    console.log('moto_server not installed: skipping that baseline');
  }

  const g = rows[1]!;
  for (const r of rows) {
    r['Create vs gatehouse'] = (Number(r['CreateRestApi/s']) / Number(g['CreateRestApi/s'])).toFixed(2);
    r['Get vs gatehouse'] = (Number(r['GetRestApi/s']) / Number(g['GetRestApi/s'])).toFixed(2);
  }
  table(rows);
  table([await startup()]);
}

async function startMoto(): Promise<RunningServer | undefined> {
  const which = spawnSync('sh', ['-c', 'command -v moto_server']);
  if (which.status !== 0) return undefined;
  const port = 40000 + Math.floor(Math.random() * 20000);
  // moto logs its address on stderr once it listens.
  return spawnServer('moto_server', ['-H', '127.0.0.1', '-p', String(port)], new RegExp(`Running on (http://127\\.0\\.0\\.1:${port})`));
}
