/**
 * How ECR names things: repository names (AWS's rules and refusals), registry ids (the account), and the
 * ARN and URI of a repository.
 */
import type { Scope } from '../../shared/accounts.js';
import { invalidParameter } from './errors.js';

/** The repository name rule, as ECR prints it in its refusal (verified). */
export const REPOSITORY_NAME_PATTERN_TEXT = '(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*';
const REPOSITORY_NAME = new RegExp(`^${REPOSITORY_NAME_PATTERN_TEXT}$`);
const REGISTRY_ID = /^[0-9]{12}$/;

/** `arn:aws:ecr:{region}:{account}:repository/{name}`. */
export const repositoryArn = (scope: Scope, name: string): string => `arn:aws:ecr:${scope.region}:${scope.account}:repository/${name}`;

/** `{account}.dkr.ecr.{region}.amazonaws.com`: the registry's Docker endpoint (not served by Gatehouse). */
export const registryHost = (scope: Scope): string => `${scope.account}.dkr.ecr.${scope.region}.amazonaws.com`;

/** `{account}.dkr.ecr.{region}.amazonaws.com/{name}`. */
export const repositoryUri = (scope: Scope, name: string): string => `${registryHost(scope)}/${name}`;

/** Throws ECR's InvalidParameterException unless `value` is given (Coral's "must not be null", inferred). */
export function required<T>(member: string, value: T | undefined): T {
  if (value === undefined || value === null) throw invalidParameter(member, 'Member must not be null');
  return value;
}

/**
 * A repository name as every operation checks it: 2 to 256 characters of the pattern. The texts are
 * verified for the too-short name and the pattern; the too-long one follows them.
 */
export function checkRepositoryName(value: string | undefined, member = 'repositoryName'): string {
  const name = required(member, value);
  if (name.length < 2) throw invalidParameter(member, 'must have length greater than or equal to 2');
  if (name.length > 256) throw invalidParameter(member, 'must have length less than or equal to 256');
  if (!REPOSITORY_NAME.test(name)) throw invalidParameter(member, `must satisfy regular expression '${REPOSITORY_NAME_PATTERN_TEXT}'`);
  return name;
}

/** A registry id: twelve digits (Coral's pattern clause, as ECR wraps it). */
export function checkRegistryId(value: string | undefined, member = 'registryId'): void {
  if (value !== undefined && !REGISTRY_ID.test(value)) throw invalidParameter(member, 'Member must satisfy regular expression pattern: [0-9]{12}');
}

/** The repository an ECR repository ARN names, or undefined when it is not one. */
export function parseRepositoryArn(arn: string): { scope: Scope; name: string } | undefined {
  const m = /^arn:aws[a-z-]*:ecr:([a-z0-9-]+):([0-9]{12}):repository\/(.+)$/.exec(arn);
  return m ? { scope: { region: m[1]!, account: m[2]! }, name: m[3]! } : undefined;
}
