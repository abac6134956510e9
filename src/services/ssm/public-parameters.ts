/**
 * AWS's public parameters: the Amazon Linux AMI ids under `/aws/service/ami-amazon-linux-latest/`, which
 * every account reads in every region (templates use them as `AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>`
 * parameters and `{{resolve:ssm:...}}`). Gatehouse has no AMIs of its own, so each name resolves to a stable fake
 * id: `ami-` and 17 hex digits derived from the name and the region, the same on every run and every machine.
 * They are AWS's, not the account's: readable by GetParameter(s) and GetParametersByPath, never writable, and
 * not listed by DescribeParameters.
 */
import { createHash } from 'node:crypto';
import type { Scope } from '../../shared/accounts.js';
import type { ParameterVersion, StoredParameter } from './state.js';

export const AMAZON_LINUX_PATH = '/aws/service/ami-amazon-linux-latest/';

/** The names AWS publishes there (its list as of 2025; old Amazon Linux AMI names included, as AWS keeps them). */
const AMAZON_LINUX_NAMES = [
  'al2023-ami-kernel-default-x86_64',
  'al2023-ami-kernel-default-arm64',
  'al2023-ami-kernel-6.1-x86_64',
  'al2023-ami-kernel-6.1-arm64',
  'al2023-ami-kernel-6.12-x86_64',
  'al2023-ami-kernel-6.12-arm64',
  'al2023-ami-minimal-kernel-default-x86_64',
  'al2023-ami-minimal-kernel-default-arm64',
  'al2023-ami-minimal-kernel-6.1-x86_64',
  'al2023-ami-minimal-kernel-6.1-arm64',
  'al2023-ami-minimal-kernel-6.12-x86_64',
  'al2023-ami-minimal-kernel-6.12-arm64',
  'amzn2-ami-hvm-x86_64-gp2',
  'amzn2-ami-hvm-x86_64-ebs',
  'amzn2-ami-hvm-arm64-gp2',
  'amzn2-ami-kernel-5.10-hvm-x86_64-gp2',
  'amzn2-ami-kernel-5.10-hvm-x86_64-ebs',
  'amzn2-ami-kernel-5.10-hvm-arm64-gp2',
  'amzn2-ami-kernel-4.14-hvm-x86_64-gp2',
  'amzn2-ami-kernel-4.14-hvm-x86_64-ebs',
  'amzn2-ami-kernel-4.14-hvm-arm64-gp2',
  'amzn2-ami-kernel-default-hvm-x86_64-gp2',
  'amzn2-ami-kernel-default-hvm-x86_64-ebs',
  'amzn2-ami-kernel-default-hvm-arm64-gp2',
  'amzn2-ami-minimal-hvm-x86_64-ebs',
  'amzn2-ami-minimal-hvm-arm64-ebs',
  'amzn2-ami-minimal-kernel-5.10-hvm-x86_64-gp2',
  'amzn2-ami-minimal-kernel-5.10-hvm-arm64-gp2',
  'amzn2-ami-minimal-kernel-4.14-hvm-x86_64-ebs',
  'amzn2-ami-minimal-kernel-4.14-hvm-arm64-ebs',
  'amzn2-ami-minimal-kernel-default-hvm-x86_64-gp2',
  'amzn2-ami-minimal-kernel-default-hvm-arm64-gp2',
  'amzn-ami-hvm-x86_64-gp2',
  'amzn-ami-hvm-x86_64-ebs',
  'amzn-ami-hvm-x86_64-s3',
  'amzn-ami-minimal-hvm-x86_64-ebs',
  'amzn-ami-minimal-hvm-x86_64-s3',
  'amzn-ami-pv-x86_64-ebs',
  'amzn-ami-pv-x86_64-s3',
  'amzn-ami-minimal-pv-x86_64-ebs',
  'amzn-ami-minimal-pv-x86_64-s3',
].map((n) => AMAZON_LINUX_PATH + n);

const PUBLIC_NAMES: ReadonlySet<string> = new Set(AMAZON_LINUX_NAMES);

/** A fixed date for every public parameter's LastModifiedDate (2025-01-01T00:00:00Z): stable across runs. */
const PUBLISHED = Date.UTC(2025, 0, 1) / 1000;

/** `ami-0` and 16 hex digits of SHA-256(region, name): 17 hex digits, like AWS's current AMI ids. */
export function fakeAmiId(region: string, name: string): string {
  return `ami-0${createHash('sha256').update(`${region}\n${name}`).digest('hex').slice(0, 16)}`;
}

/** Whether a name is in AWS's namespace, where only public parameters live. */
export function isPublicNamespace(name: string): boolean {
  return name.startsWith('/aws/');
}

/** The public parameter `name` in `scope`'s region, as a stored parameter with one version; undefined if AWS has none. */
export function publicParameter(scope: Scope, name: string): StoredParameter | undefined {
  if (!PUBLIC_NAMES.has(name)) return undefined;
  const version: ParameterVersion = {
    Version: 1,
    Value: fakeAmiId(scope.region, name),
    Type: 'String',
    DataType: 'text',
    Tier: 'Standard',
    LastModifiedDate: PUBLISHED,
    LastModifiedUser: 'AWS',
  };
  return { Name: name, Tags: [], versions: [version], public: true };
}

/** Every public parameter in `scope`'s region, in name order. */
export function publicParameters(scope: Scope): StoredParameter[] {
  return [...PUBLIC_NAMES].sort().map((name) => publicParameter(scope, name)!);
}
