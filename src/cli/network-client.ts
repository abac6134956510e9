/** What the CLI asks a running Gatehouse about the instances' network (GET /_gatehouse/network). */
import type { NetworkInfo } from '../network/network.js';
import type { InstanceSummary } from '../network/network.js';

export const DEFAULT_ENDPOINT_URL = 'http://127.0.0.1:4566';

export interface InstanceNetwork extends NetworkInfo {
  instance: InstanceSummary;
  /** The instance's metadata service on loopback (absent from a server older than it). */
  imds?: { host: string; port: number };
}

/** The network as seen from `instanceId`; fails with a message a person can act on. */
export async function instanceNetwork(endpointUrl: string, instanceId: string): Promise<InstanceNetwork> {
  const url = new URL('/_gatehouse/network', endpointUrl);
  url.searchParams.set('instanceId', instanceId);
  let res: Response;
  try {
    res = await fetch(url);
  } catch {
    throw new Error(`no Gatehouse answers at ${endpointUrl} (start one with \`gatehouse up\`, or name it with --endpoint-url)`);
  }
  const body = (await res.json().catch(() => ({}))) as Partial<InstanceNetwork> & { message?: string };
  if (res.status === 404) throw new Error(body.message ?? `there is no instance ${instanceId}`);
  if (!res.ok || !body.instance || !body.proxy || !body.caFile) throw new Error(`${endpointUrl} did not describe its network (HTTP ${res.status}): is it a Gatehouse?`);
  if (body.instance.state !== 'running') throw new Error(`instance ${instanceId} is ${body.instance.state}, not running`);
  return body as InstanceNetwork;
}
