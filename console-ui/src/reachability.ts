/** Gatehouse's GET /_gatehouse/reachability: which instances can call which deployed private APIs, and why. */

export interface MapInstance {
  instanceId: string;
  name?: string;
  vpcId: string;
  privateIpAddress: string;
  state: string;
}

export interface MapApi {
  apiId: string;
  name: string;
  stage: string;
}

export interface MethodAccess {
  method: string;
  allowed: boolean;
  reason: string;
}

export interface MapCell {
  instanceId: string;
  apiId: string;
  stage: string;
  verdict: 'reachable' | 'partly' | 'unreachable';
  routes: Array<{ vpceId: string; names: string[]; methods: MethodAccess[] }>;
  reason?: string;
}

export interface ReachabilityMap {
  instances: MapInstance[];
  apis: MapApi[];
  cells: MapCell[];
}

export async function reachabilityMap(): Promise<ReachabilityMap> {
  const res = await fetch('/_gatehouse/reachability', { headers: { Accept: 'application/json' } });
  if (!res.ok) throw new Error(`${res.status} ${res.statusText}`);
  return (await res.json()) as ReachabilityMap;
}
