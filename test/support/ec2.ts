/**
 * Helpers for the EC2 end-to-end tests: a Gatehouse per file, building a VPC the way the private-API tutorial does, and EC2 calls
 * straight on the wire (form-encoded query, XML answer) for asserting AWS's element names.
 */
import {
  CreateSubnetCommand,
  CreateVpcCommand,
  ModifyVpcAttributeCommand,
  type EC2Client,
  type Subnet,
  type Vpc,
} from '@aws-sdk/client-ec2';
import { after, before } from 'node:test';
import type { Gatehouse } from '../../src/server/gatehouse.js';
import { ec2Client, raw, REGION, sigv4Header, startTestGatehouse } from './server.js';

/**
 * One real Gatehouse for a test file, with an EC2 client on it: started before the file's tests, stopped after
 * them. `use` receives both once started (the file keeps them in its own variables).
 */
export function ec2GatehouseForFile(use: (server: { gh: Gatehouse; client: EC2Client }) => void): void {
  let server: { gh: Gatehouse; client: EC2Client } | undefined;
  before(async () => {
    const gh = await startTestGatehouse();
    server = { gh, client: ec2Client(gh) };
    use(server);
  });
  after(async () => {
    server?.client.destroy();
    await server?.gh.dispose();
  });
}

/** A new VPC; with `dns`, both DNS attributes turned on (what private DNS for an endpoint needs). */
export async function newVpc(client: EC2Client, cidr: string, options: { dns?: boolean } = {}): Promise<Vpc & { VpcId: string }> {
  const { Vpc: vpc } = await client.send(new CreateVpcCommand({ CidrBlock: cidr }));
  const VpcId = vpc!.VpcId!;
  if (options.dns) {
    await client.send(new ModifyVpcAttributeCommand({ VpcId, EnableDnsSupport: { Value: true } }));
    await client.send(new ModifyVpcAttributeCommand({ VpcId, EnableDnsHostnames: { Value: true } }));
  }
  return { ...vpc, VpcId };
}

export async function newSubnet(client: EC2Client, VpcId: string, CidrBlock: string, AvailabilityZone?: string): Promise<Subnet & { SubnetId: string }> {
  const { Subnet: subnet } = await client.send(new CreateSubnetCommand({ VpcId, CidrBlock, AvailabilityZone }));
  return { ...subnet, SubnetId: subnet!.SubnetId! };
}

/** An EC2 Action sent as the SDKs send it (form body), answered as raw XML. */
export async function rawEc2(gh: Gatehouse, params: Record<string, string>, region = REGION): Promise<{ status: number; text: string }> {
  const body = new URLSearchParams({ Version: '2016-11-15', ...params }).toString();
  const res = await raw(gh, 'POST', '/', {
    headers: { authorization: sigv4Header('ec2', region), 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body,
  });
  return { status: res.status, text: res.text };
}

/** 17 lowercase hex digits after the prefix, as AWS's long resource ids. */
export const idPattern = (prefix: string): RegExp => new RegExp(`^${prefix}-[0-9a-f]{17}$`);
