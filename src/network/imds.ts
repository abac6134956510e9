/**
 * The instance metadata service, as pure request handling (the listeners and the egress proxy carry the bytes):
 * IMDSv2 session tokens (`PUT /latest/api/token`, then `X-aws-ec2-metadata-token` on each request; v1 requests
 * without a token are answered unless the instance's MetadataOptions say HttpTokens=required), the usual
 * `meta-data` tree, the role's credentials under `iam/` for an instance launched with an instance profile
 * (404 without one, as on EC2), and the instance identity document. Answers are text/plain, JSON documents
 * written as IMDS writes them (`"Key" : value`, two-space indent).
 */
import { randomBytes } from 'node:crypto';
import { macAddress, type Instance, type InstanceMetadataOptions } from '../domain/ec2.js';
import type { Scoped } from '../shared/accounts.js';

/** What IMDS tells about an instance. */
export interface ImdsInstance {
  instanceId: string;
  account: string;
  region: string;
  availabilityZone: string;
  instanceType: string;
  imageId: string;
  privateIp: string;
  privateDnsName: string;
  mac: string;
  reservationId: string;
  launchIndex: number;
  launchTime: string;
  architecture: string;
  securityGroups: string[];
  metadata: InstanceMetadataOptions;
  profile?: { Arn: string; Id: string } | undefined;
}

/** The role's credentials as the server found or issued them for the instance. */
export type ImdsRole =
  | { kind: 'no-role' }
  | { kind: 'denied'; roleName: string; message: string; lastUpdated: string }
  | { kind: 'session'; roleName: string; lastUpdated: string; AccessKeyId: string; SecretAccessKey: string; Token: string; Expiration: string };

export interface ImdsRequest {
  method: string;
  /** The path with its query, as sent. */
  url: string;
  headers: Readonly<Record<string, string | string[] | undefined>>;
}

export interface ImdsResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** AWS's defaults where an instance stored before MetadataOptions were kept has none. */
export const DEFAULT_METADATA_OPTIONS: InstanceMetadataOptions = { HttpTokens: 'required', HttpPutResponseHopLimit: 2, HttpEndpoint: 'enabled' };

const TOKEN_HEADER = 'x-aws-ec2-metadata-token';
const TTL_HEADER = 'x-aws-ec2-metadata-token-ttl-seconds';
const MAX_TTL = 21600;

export function imdsInstance({ scope, doc }: Scoped<Instance>): ImdsInstance {
  return {
    instanceId: doc.InstanceId,
    account: scope.account,
    region: scope.region,
    availabilityZone: doc.Placement.AvailabilityZone,
    instanceType: doc.InstanceType,
    imageId: doc.ImageId,
    privateIp: doc.PrivateIpAddress,
    privateDnsName: doc.PrivateDnsName,
    mac: macAddress(doc.InstanceId),
    reservationId: doc.ReservationId,
    launchIndex: doc.AmiLaunchIndex,
    launchTime: doc.LaunchTime,
    architecture: doc.Architecture,
    securityGroups: doc.SecurityGroups.map((g) => g.GroupName),
    metadata: doc.MetadataOptions ?? DEFAULT_METADATA_OPTIONS,
    profile: doc.IamInstanceProfile,
  };
}

/** IMDSv2 session tokens: random, bound to the instance they were issued on, valid for their TTL. */
export class ImdsTokens {
  private readonly tokens = new Map<string, { instanceId: string; expiresAt: number }>();

  issue(instanceId: string, ttlSeconds: number, now: Date): string {
    this.sweep(now);
    const token = randomBytes(42).toString('base64');
    this.tokens.set(token, { instanceId, expiresAt: now.getTime() + ttlSeconds * 1000 });
    return token;
  }

  valid(token: string, instanceId: string, now: Date): boolean {
    const found = this.tokens.get(token);
    return found !== undefined && found.instanceId === instanceId && found.expiresAt > now.getTime();
  }

  private sweep(now: Date): void {
    if (this.tokens.size < 10_000) return;
    for (const [token, t] of this.tokens) if (t.expiresAt <= now.getTime()) this.tokens.delete(token);
  }
}

export interface ImdsContext {
  instance: ImdsInstance;
  tokens: ImdsTokens;
  /** The role's credentials, asked for only when an iam/ path is read (it may issue a session). */
  role(): ImdsRole;
  now: Date;
}

/** One request to the instance's metadata service. */
export function answerImds(request: ImdsRequest, ctx: ImdsContext): ImdsResponse {
  const path = request.url.split('?')[0]!;
  if (path === '/latest/api/token') return tokenRequest(request, ctx);
  if (request.method !== 'GET' && request.method !== 'HEAD') return htmlError(405, 'Method Not Allowed', { Allow: 'OPTIONS, GET, HEAD' });
  const token = header(request, TOKEN_HEADER);
  if (token !== undefined ? !ctx.tokens.valid(token, ctx.instance.instanceId, ctx.now) : ctx.instance.metadata.HttpTokens === 'required') return htmlError(401, 'Unauthorized');
  const found = lookup(path.replace(/\/+$/, '').replace(/^\/+/, ''), ctx);
  if (found === undefined) return htmlError(404, 'Not Found');
  return text(200, request.method === 'HEAD' ? '' : found);
}

function tokenRequest(request: ImdsRequest, ctx: ImdsContext): ImdsResponse {
  if (request.method !== 'PUT') return htmlError(405, 'Method Not Allowed', { Allow: 'OPTIONS, PUT' });
  // IMDS refuses a token request that went through a proxy which says so: tokens must not leave the instance.
  if (header(request, 'x-forwarded-for') !== undefined) return htmlError(403, 'Forbidden');
  const ttlText = header(request, TTL_HEADER);
  const ttl = ttlText !== undefined && /^\d{1,6}$/.test(ttlText.trim()) ? Number(ttlText.trim()) : NaN;
  if (!(ttl >= 1 && ttl <= MAX_TTL)) return htmlError(400, 'Bad Request');
  const token = ctx.tokens.issue(ctx.instance.instanceId, ttl, ctx.now);
  return { status: 200, headers: { ...BASE_HEADERS, 'X-Aws-Ec2-Metadata-Token-Ttl-Seconds': String(ttl), 'Content-Length': String(Buffer.byteLength(token)) }, body: token };
}

/** The text at a metadata path (directories list their entries, sub-directories with a trailing slash). */
function lookup(path: string, ctx: ImdsContext): string | undefined {
  const i = ctx.instance;
  const listing = (entries: string[]): string => entries.join('\n');
  switch (path) {
    case '':
      return listing(['latest']);
    case 'latest':
      return listing(['dynamic', 'meta-data']);
    case 'latest/meta-data':
      return listing([
        'ami-id',
        'ami-launch-index',
        'hostname',
        ...(i.profile ? ['iam/'] : []),
        'instance-id',
        'instance-type',
        'local-hostname',
        'local-ipv4',
        'mac',
        'placement/',
        'reservation-id',
        'security-groups',
      ]);
    case 'latest/meta-data/ami-id':
      return i.imageId;
    case 'latest/meta-data/ami-launch-index':
      return String(i.launchIndex);
    case 'latest/meta-data/hostname':
    case 'latest/meta-data/local-hostname':
      return i.privateDnsName;
    case 'latest/meta-data/instance-id':
      return i.instanceId;
    case 'latest/meta-data/instance-type':
      return i.instanceType;
    case 'latest/meta-data/local-ipv4':
      return i.privateIp;
    case 'latest/meta-data/mac':
      return i.mac;
    case 'latest/meta-data/reservation-id':
      return i.reservationId;
    case 'latest/meta-data/security-groups':
      return listing(i.securityGroups);
    case 'latest/meta-data/placement':
      return listing(['availability-zone', 'region']);
    case 'latest/meta-data/placement/availability-zone':
      return i.availabilityZone;
    case 'latest/meta-data/placement/region':
      return i.region;
    case 'latest/dynamic':
      return listing(['instance-identity/']);
    case 'latest/dynamic/instance-identity':
      return listing(['document']);
    case 'latest/dynamic/instance-identity/document':
      return imdsJson({
        accountId: i.account,
        architecture: i.architecture,
        availabilityZone: i.availabilityZone,
        billingProducts: null,
        devpayProductCodes: null,
        marketplaceProductCodes: null,
        imageId: i.imageId,
        instanceId: i.instanceId,
        instanceType: i.instanceType,
        kernelId: null,
        pendingTime: isoSeconds(i.launchTime),
        privateIp: i.privateIp,
        ramdiskId: null,
        region: i.region,
        version: '2017-09-30',
      });
  }
  if (path === 'latest/meta-data/iam' || path.startsWith('latest/meta-data/iam/')) return iamLookup(path.slice('latest/meta-data/iam'.length), ctx);
  return undefined;
}

/** `iam/`: only for an instance with a profile whose role is there (else 404, as on EC2). */
function iamLookup(rest: string, ctx: ImdsContext): string | undefined {
  const profile = ctx.instance.profile;
  if (!profile) return undefined;
  if (rest === '') return 'info\nsecurity-credentials/';
  const role = ctx.role();
  if (role.kind === 'no-role') return undefined;
  if (rest === '/info') {
    if (role.kind === 'denied') return imdsJson({ Code: 'AssumeRoleUnauthorizedAccess', Message: role.message, LastUpdated: role.lastUpdated });
    return imdsJson({ Code: 'Success', LastUpdated: role.lastUpdated, InstanceProfileArn: profile.Arn, InstanceProfileId: profile.Id });
  }
  if (rest === '/security-credentials') return role.roleName;
  if (rest !== `/security-credentials/${role.roleName}`) return undefined;
  if (role.kind === 'denied') return imdsJson({ Code: 'AssumeRoleUnauthorizedAccess', Message: role.message, LastUpdated: role.lastUpdated });
  return imdsJson({
    Code: 'Success',
    LastUpdated: role.lastUpdated,
    Type: 'AWS-HMAC',
    AccessKeyId: role.AccessKeyId,
    SecretAccessKey: role.SecretAccessKey,
    Token: role.Token,
    Expiration: role.Expiration,
  });
}

/** A JSON document as IMDS writes one: `{`, then `  "Key" : value` lines, then `}`. */
export function imdsJson(members: Record<string, string | null>): string {
  return `{\n${Object.entries(members)
    .map(([k, v]) => `  ${JSON.stringify(k)} : ${JSON.stringify(v)}`)
    .join(',\n')}\n}`;
}

const BASE_HEADERS = { 'Content-Type': 'text/plain', 'Accept-Ranges': 'none', Server: 'EC2ws' };

function text(status: number, body: string): ImdsResponse {
  return { status, headers: { ...BASE_HEADERS, 'Content-Length': String(Buffer.byteLength(body)) }, body };
}

/** IMDS's error pages: a small XHTML document naming the status (verified: the 404 page as curl shows it on EC2). */
function htmlError(status: number, reason: string, extra: Record<string, string> = {}): ImdsResponse {
  const body = `<?xml version="1.0" encoding="iso-8859-1"?>
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN"
         "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en" lang="en">
 <head>
  <title>${status} - ${reason}</title>
 </head>
 <body>
  <h1>${status} - ${reason}</h1>
 </body>
</html>
`;
  return { status, headers: { 'Content-Type': 'text/html', 'Content-Length': String(Buffer.byteLength(body)), Server: 'EC2ws', ...extra }, body };
}

function header(request: ImdsRequest, name: string): string | undefined {
  const v = request.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

const isoSeconds = (iso: string): string => iso.replace(/\.\d{3}Z$/, 'Z');
