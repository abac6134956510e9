/**
 * `gatehouse reach`: the console's reachability map in the terminal. For each instance and deployed private
 * API stage: whether a request from the instance gets in, through which endpoint and under which names, and
 * what the policies say per method, or what stops the connection first. Nothing is sent.
 */
import type { MapCell, ReachabilityMap } from '../server/reachability.js';

export interface ReachOptions {
  instance?: string | undefined;
  api?: string | undefined;
  json: boolean;
}

const VERDICT = { reachable: 'reachable', partly: 'some methods only', unreachable: 'unreachable' } as const;

export async function printReachability(endpointUrl: string, options: ReachOptions): Promise<void> {
  let res: Response;
  try {
    res = await fetch(new URL('/_gatehouse/reachability', endpointUrl));
  } catch {
    throw new Error(`no Gatehouse answers at ${endpointUrl} (start one with \`gatehouse up\`, or name it with --endpoint-url)`);
  }
  if (!res.ok) throw new Error(`${endpointUrl} did not answer the reachability map (HTTP ${res.status}): is it a Gatehouse?`);
  const map = (await res.json()) as ReachabilityMap;
  const cells = map.cells.filter((c) => (options.instance === undefined || c.instanceId === options.instance) && (options.api === undefined || c.apiId === options.api));
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ ...map, cells }, null, 2)}\n`);
    return;
  }
  if (map.apis.length === 0) return void process.stdout.write('No private API is deployed.\n');
  if (cells.length === 0) return void process.stdout.write('No instance and deployed private API match.\n');
  const instances = new Map(map.instances.map((i) => [i.instanceId, i]));
  const apis = new Map(map.apis.map((a) => [`${a.apiId}/${a.stage}`, a]));
  const lines: string[] = [];
  for (const cell of cells) {
    const instance = instances.get(cell.instanceId);
    const api = apis.get(`${cell.apiId}/${cell.stage}`);
    const who = `${cell.instanceId}${instance?.name ? ` (${instance.name})` : ''}${instance ? ` in ${instance.vpcId}` : ''}`;
    lines.push(`${who} → ${cell.apiId}/${cell.stage}${api ? ` (${api.name})` : ''}: ${VERDICT[cell.verdict]}`, ...details(cell), '');
  }
  process.stdout.write(lines.join('\n'));
}

function details(cell: MapCell): string[] {
  if (cell.reason !== undefined) return [`  ${cell.reason}`];
  return cell.routes.flatMap((route) => [
    `  through ${route.vpceId}, as:`,
    ...route.names.map((n) => `    ${n}`),
    ...route.methods.map((m) => `  ${m.allowed ? 'allowed' : 'denied '}  ${m.method}: ${m.reason}`),
  ]);
}
