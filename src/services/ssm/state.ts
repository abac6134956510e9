/**
 * Parameter Store's state: one document per parameter (table `ssm_parameters`, parent '', id = its name)
 * holding its versions, and the views the API answers with (Parameter, ParameterMetadata).
 */
import { createHash } from 'node:crypto';
import type { Scope } from '../../shared/accounts.js';
import type { DocumentTable } from '../../store/store.js';
import type { OperationContext } from '../types.js';
import { parameterArn } from './names.js';

export type ParameterType = 'String' | 'StringList' | 'SecureString';
export type Tier = 'Standard' | 'Advanced';

export interface Tag {
  Key: string;
  Value: string;
}

/** A tag as the model types it (nothing checked yet): whole once the handler's Clauses have passed. */
export const isWholeTag = (t: { Key?: string; Value?: string }): t is Tag => t.Key !== undefined && t.Value !== undefined;

/** One version, as PutParameter wrote it (a SecureString's value is kept as given: Gatehouse has no KMS). */
export interface ParameterVersion {
  Version: number;
  Value: string;
  Type: ParameterType;
  DataType: string;
  Tier: Tier;
  /** Epoch seconds with milliseconds, as AWS's JSON answers carry it. */
  LastModifiedDate: number;
  LastModifiedUser: string;
  Description?: string;
  KeyId?: string;
  AllowedPattern?: string;
  Labels?: string[];
}

export interface StoredParameter {
  Name: string;
  Tags: Tag[];
  /** Oldest first; the last is the current one. AWS keeps the latest 100. */
  versions: ParameterVersion[];
  /** AWS's own (public) parameter: its ARN has no account. Never stored. */
  public?: true;
}

export const MAX_VERSIONS = 100;

export function parameters(ctx: OperationContext): DocumentTable<StoredParameter> {
  return ctx.store.table<StoredParameter>('ssm_parameters');
}

export function current(p: StoredParameter): ParameterVersion {
  return p.versions[p.versions.length - 1]!;
}

export function arnOf(scope: Scope, p: StoredParameter): string {
  return parameterArn(p.public ? { region: scope.region, account: '' } : scope, p.Name);
}

/**
 * What GetParameter(s) and GetParametersByPath answer for one version. A SecureString read without
 * WithDecryption shows its ciphertext: here a base64 blob that stands in for KMS's.
 */
export function parameterView(scope: Scope, p: StoredParameter, v: ParameterVersion, withDecryption: boolean, selector?: string) {
  const value = v.Type === 'SecureString' && !withDecryption ? fakeCiphertext(v) : v.Value;
  return {
    Name: p.Name,
    Type: v.Type,
    Value: value,
    Version: v.Version,
    ...(selector === undefined ? {} : { Selector: `:${selector}` }),
    LastModifiedDate: v.LastModifiedDate,
    ARN: arnOf(scope, p),
    DataType: v.DataType,
  };
}

/** What DescribeParameters answers for a parameter: its current version's metadata, never its value. */
export function metadataView(scope: Scope, p: StoredParameter) {
  const v = current(p);
  return {
    Name: p.Name,
    ARN: arnOf(scope, p),
    Type: v.Type,
    ...(v.KeyId === undefined ? {} : { KeyId: v.KeyId }),
    LastModifiedDate: v.LastModifiedDate,
    LastModifiedUser: v.LastModifiedUser,
    ...(v.Description === undefined ? {} : { Description: v.Description }),
    ...(v.AllowedPattern === undefined ? {} : { AllowedPattern: v.AllowedPattern }),
    Version: v.Version,
    Tier: v.Tier,
    Policies: [],
    DataType: v.DataType,
  };
}

/** Opaque and stable: the same version always shows the same blob, and nothing in it gives the value away. */
function fakeCiphertext(v: ParameterVersion): string {
  const digest = createHash('sha256').update(`${v.KeyId ?? 'alias/aws/ssm'}\n${v.Version}\n${v.Value}`).digest();
  return Buffer.concat([Buffer.from('gatehouse-kms:'), digest]).toString('base64');
}
