/**
 * Network: the VPCs, subnets, security groups, VPC endpoints and instances of the region, read-only, in the
 * words of the VPC and EC2 consoles, with the command that opens a shell on an instance.
 */
import { useState } from 'preact/hooks';
import { getRestApis } from '../apigateway';
import {
  describeInstances,
  describeSecurityGroups,
  describeSubnets,
  describeVpcEndpoints,
  describeVpcs,
  type Instance,
  type SecurityGroup,
  type Subnet,
  type Vpc,
  type VpcEndpoint,
} from '../ec2';
import { reachabilityMap, type ReachabilityMap } from '../reachability';
import { useLoaded } from '../use-loaded';
import { ErrorAlert } from './error-alert';
import { Reachability } from './reachability';

interface Network {
  vpcs: Vpc[];
  subnets: Subnet[];
  groups: SecurityGroup[];
  endpoints: VpcEndpoint[];
  instances: Instance[];
  map: ReachabilityMap;
  /** The APIs whose endpoint configuration lists each endpoint. */
  apisByEndpoint: Map<string, string[]>;
}

export function NetworkPage() {
  const { value: network, error: loadError, reload: load } = useLoaded(async (): Promise<Network> => {
    const [vpcs, subnets, groups, endpoints, instances, map, apis] = await Promise.all([
      describeVpcs(),
      describeSubnets(),
      describeSecurityGroups(),
      describeVpcEndpoints(),
      describeInstances(),
      reachabilityMap(),
      getRestApis(),
    ]);
    const apisByEndpoint = new Map<string, string[]>();
    for (const api of apis) for (const vpce of api.endpointConfiguration?.vpcEndpointIds ?? []) apisByEndpoint.set(vpce, [...(apisByEndpoint.get(vpce) ?? []), `${api.name} (${api.id})`]);
    return { vpcs, subnets, groups, endpoints, instances, map, apisByEndpoint };
  }, []);

  return (
    <section class="network">
      <div class="page-header">
        <h1>Network</h1>
        <div class="actions">
          <button type="button" aria-label="Refresh" onClick={load}>
            ↻
          </button>
        </div>
      </div>
      <ErrorAlert message={loadError} />
      {network === undefined && !loadError && <p class="muted">Loading network</p>}
      {network && (
        <>
          <Reachability map={network.map} />
          <Vpcs vpcs={network.vpcs} />
          <Subnets subnets={network.subnets} />
          <SecurityGroups groups={network.groups} />
          <Endpoints endpoints={network.endpoints} apisByEndpoint={network.apisByEndpoint} />
          <Instances instances={network.instances} />
        </>
      )}
    </section>
  );
}

function Heading({ title, count }: { title: string; count: number }) {
  return (
    <h2>
      {title} <span class="count">({count})</span>
    </h2>
  );
}

function Empty({ colSpan, what }: { colSpan: number; what: string }) {
  return (
    <tr>
      <td colSpan={colSpan} class="empty">
        No {what} found in this Region
      </td>
    </tr>
  );
}

function Name({ name }: { name?: string | undefined }) {
  return name ? <>{name}</> : <span class="muted">–</span>;
}

function onOff(value: boolean | undefined): string {
  return value === undefined ? '–' : value ? 'Enabled' : 'Disabled';
}

function Vpcs({ vpcs }: { vpcs: Vpc[] }) {
  return (
    <div class="network-section">
      <Heading title="Your VPCs" count={vpcs.length} />
      <table class="table" aria-label="Your VPCs">
        <thead>
          <tr>
            <th>Name</th>
            <th>VPC ID</th>
            <th>State</th>
            <th>IPv4 CIDR</th>
            <th>DNS resolution</th>
            <th>DNS hostnames</th>
            <th>Default VPC</th>
          </tr>
        </thead>
        <tbody>
          {vpcs.length === 0 && <Empty colSpan={7} what="VPCs" />}
          {vpcs.map((v) => (
            <tr key={v.id} data-vpc-id={v.id}>
              <td>
                <Name name={v.name} />
              </td>
              <td class="mono">{v.id}</td>
              <td>{v.state === 'available' ? 'Available' : v.state}</td>
              <td>{v.cidr}</td>
              <td>{onOff(v.dnsSupport)}</td>
              <td>{onOff(v.dnsHostnames)}</td>
              <td>{v.isDefault ? 'Yes' : 'No'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Subnets({ subnets }: { subnets: Subnet[] }) {
  return (
    <div class="network-section">
      <Heading title="Subnets" count={subnets.length} />
      <table class="table" aria-label="Subnets">
        <thead>
          <tr>
            <th>Name</th>
            <th>Subnet ID</th>
            <th>VPC</th>
            <th>IPv4 CIDR</th>
            <th>Availability Zone</th>
            <th>Available IPv4 addresses</th>
          </tr>
        </thead>
        <tbody>
          {subnets.length === 0 && <Empty colSpan={6} what="subnets" />}
          {subnets.map((s) => (
            <tr key={s.id} data-subnet-id={s.id}>
              <td>
                <Name name={s.name} />
              </td>
              <td class="mono">{s.id}</td>
              <td class="mono">{s.vpcId}</td>
              <td>{s.cidr}</td>
              <td>{s.availabilityZone}</td>
              <td>{s.availableIps}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function SecurityGroups({ groups }: { groups: SecurityGroup[] }) {
  return (
    <div class="network-section">
      <Heading title="Security Groups" count={groups.length} />
      <table class="table" aria-label="Security Groups">
        <thead>
          <tr>
            <th>Security group ID</th>
            <th>Security group name</th>
            <th>VPC ID</th>
            <th>Description</th>
            <th>Inbound rules</th>
          </tr>
        </thead>
        <tbody>
          {groups.length === 0 && <Empty colSpan={5} what="security groups" />}
          {groups.map((g) => (
            <tr key={g.id} data-group-id={g.id}>
              <td class="mono">{g.id}</td>
              <td>{g.name}</td>
              <td class="mono">{g.vpcId}</td>
              <td>{g.description}</td>
              <td>
                {g.inbound.length === 0 && <span class="muted">No inbound rules</span>}
                <ul class="rules">
                  {g.inbound.map((r, i) => (
                    <li key={i}>
                      {r.protocol} {r.portRange === 'All' ? 'all ports' : r.portRange} from {r.sources.join(', ') || '–'}
                    </li>
                  ))}
                </ul>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Endpoints({ endpoints, apisByEndpoint }: { endpoints: VpcEndpoint[]; apisByEndpoint: Map<string, string[]> }) {
  const [shown, setShown] = useState<string | undefined>(undefined);
  return (
    <div class="network-section">
      <Heading title="Endpoints" count={endpoints.length} />
      <table class="table" aria-label="Endpoints">
        <thead>
          <tr>
            <th>Name</th>
            <th>VPC endpoint ID</th>
            <th>VPC ID</th>
            <th>Service name</th>
            <th>Endpoint type</th>
            <th>Status</th>
            <th>Private DNS names enabled</th>
            <th>DNS names</th>
            <th>Policy</th>
            <th>Private APIs listing it</th>
          </tr>
        </thead>
        <tbody>
          {endpoints.length === 0 && <Empty colSpan={10} what="endpoints" />}
          {endpoints.map((e) => (
            <tr key={e.id} data-vpce-id={e.id}>
              <td>
                <Name name={e.name} />
              </td>
              <td class="mono">{e.id}</td>
              <td class="mono">{e.vpcId}</td>
              <td>{e.serviceName}</td>
              <td>{e.type}</td>
              <td>{e.state === 'available' ? 'Available' : e.state}</td>
              <td>{e.privateDnsEnabled ? 'Yes' : 'No'}</td>
              <td>
                <ul class="dns-names">
                  {e.dnsNames.map((n) => (
                    <li key={n} class="mono">
                      {n}
                    </li>
                  ))}
                </ul>
              </td>
              <td>
                <button type="button" class="small" aria-expanded={shown === e.id} onClick={() => setShown(shown === e.id ? undefined : e.id)}>
                  {shown === e.id ? 'Hide policy' : 'View policy'}
                </button>
                {shown === e.id && (
                  <pre class="policy" aria-label={`Policy of ${e.id}`}>
                    {prettyPolicy(e.policy)}
                  </pre>
                )}
              </td>
              <td data-testid="endpoint-apis">{(apisByEndpoint.get(e.id) ?? []).join(', ') || '-'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function prettyPolicy(policy: string): string {
  if (policy === '') return 'No policy';
  try {
    return JSON.stringify(JSON.parse(policy), null, 2);
  } catch {
    return policy;
  }
}

function Instances({ instances }: { instances: Instance[] }) {
  return (
    <div class="network-section">
      <Heading title="Instances" count={instances.length} />
      <table class="table" aria-label="Instances">
        <thead>
          <tr>
            <th>Name</th>
            <th>Instance ID</th>
            <th>Instance state</th>
            <th>Instance type</th>
            <th>VPC ID</th>
            <th>Subnet ID</th>
            <th>Private IPv4 address</th>
            <th>Connect</th>
          </tr>
        </thead>
        <tbody>
          {instances.length === 0 && <Empty colSpan={8} what="instances" />}
          {instances.map((i) => (
            <tr key={i.id} data-instance-id={i.id}>
              <td>
                <Name name={i.name} />
              </td>
              <td class="mono">{i.id}</td>
              <td>{i.state === 'running' ? 'Running' : i.state}</td>
              <td>{i.instanceType}</td>
              <td class="mono">{i.vpcId}</td>
              <td class="mono">{i.subnetId}</td>
              <td>{i.privateIp}</td>
              <td>
                <ConnectCommand command={`gatehouse exec ${i.id}`} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ConnectCommand({ command }: { command: string }) {
  const [copied, setCopied] = useState(false);
  const copy = (): void => {
    navigator.clipboard?.writeText(command).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  };
  return (
    <span class="connect">
      <code class="connect-command">{command}</code>
      <button type="button" class="small" aria-label={`Copy ${command}`} onClick={copy}>
        {copied ? 'Copied' : 'Copy'}
      </button>
    </span>
  );
}
