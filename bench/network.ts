/**
 * bench/network: requests to an execute-api endpoint listener (Gatehouse in its own process, the private
 * network built with the EC2 API), side by side:
 *   - direct: straight TLS to the listener's loopback port;
 *   - proxy: `gatehouse exec`-style, through the instance's egress proxy (CONNECT, then TLS in the tunnel,
 *     handed to the same listener in process), with the dispatcher the exec preload installs.
 * Both with keep-alive over 50 connections (the target: the proxy path keeps >= 70% of the direct
 * throughput), and once more opening a connection per request, which shows what CONNECT adds to a handshake.
 * Figures are ratios against the direct path; absolute numbers vary with the machine.
 */
import { createSecureContext, rootCertificates } from 'node:tls';
import { Agent, ProxyAgent, type Dispatcher } from 'undici';
import { EC2Client } from '@aws-sdk/client-ec2';
import { proxyAuthorization } from '../src/network/proxy-credentials.js';
import { API_HOST, API_URL, createPrivateNetwork } from '../test/support/network.js';
import { load, startGatehouseProcess, table, type Measured } from './support.js';

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 5);
const CONNECTIONS = 50;

interface NetworkInfo {
  proxy: { host: string; port: number };
  caFile: string;
  endpoints: Array<{ vpceId: string; port: number }>;
}

export async function run(): Promise<void> {
  console.log(`bench/network: ${CONNECTIONS} connections, ${SECONDS} s per run, 403 answers from an endpoint listener, Gatehouse in its own process\n`);
  const gh = await startGatehouseProcess();
  const ec2 = new EC2Client({ endpoint: gh.url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
  try {
    const net = await createPrivateNetwork(ec2);
    const info = (await (await fetch(`${gh.url}/_gatehouse/network`)).json()) as NetworkInfo;
    const listener = info.endpoints.find((e) => e.vpceId === net.vpceId)!;
    const { readFileSync } = await import('node:fs');
    // One secure context for all connections: a `ca` list per connection is parsed again at every handshake.
    const secureContext = createSecureContext({ ca: [...rootCertificates, readFileSync(info.caFile, 'utf8')] });
    const paths = {
      direct: {
        url: `https://127.0.0.1:${listener.port}/test`,
        headers: { host: API_HOST },
        dispatcher: (): Dispatcher => new Agent({ connections: CONNECTIONS, connect: { secureContext, servername: API_HOST } }),
      },
      proxy: {
        url: API_URL,
        headers: {},
        dispatcher: (): Dispatcher => new ProxyAgent({ uri: `http://${info.proxy.host}:${info.proxy.port}`, token: proxyAuthorization(net.instanceId), connections: CONNECTIONS, requestTls: { secureContext } }),
      },
    };
    const rows: Array<Record<string, string | number>> = [];
    for (const fresh of [false, true]) {
      // Two rounds, alternating the paths, best of each: neither path gets the other's warm-up.
      const best: Record<string, Measured> = {};
      for (let round = 0; round < 2; round++) {
        for (const [name, path] of Object.entries(paths)) {
          const dispatcher = path.dispatcher();
          await load(dispatcher, path.url, path.headers, 1, fresh, 403, CONNECTIONS); // warm-up: connections, JIT
          const r = await load(dispatcher, path.url, path.headers, fresh ? Math.min(SECONDS, 3) : SECONDS, fresh, 403, CONNECTIONS);
          await dispatcher.close();
          if (!best[name] || r.perSecond > best[name].perSecond) best[name] = r;
        }
      }
      for (const [name, r] of Object.entries(best)) {
        rows.push({
          path: `${name} (${fresh ? 'new connection per request' : 'keep-alive'})`,
          'requests/s': Math.round(r.perSecond),
          'p50 ms': r.p50.toFixed(2),
          'p99 ms': r.p99.toFixed(2),
          'vs direct': (r.perSecond / best['direct']!.perSecond).toFixed(2),
        });
      }
    }
    table(rows);
  } finally {
    ec2.destroy();
    await gh.stop();
  }
}
