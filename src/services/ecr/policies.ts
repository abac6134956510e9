/**
 * A repository's two policies: its repository policy (Set/Get/DeleteRepositoryPolicy), checked with the
 * policy language parser, and its lifecycle policy (Put/Get/DeleteLifecyclePolicy), checked for the shape
 * ECR's schema requires and never run (Gatehouse keeps no images to expire).
 */
import { parsePolicyValue } from '../../policy/document.js';
import type { Operations } from '../../wire/models/ecr-2015-09-21.js';
import type { OperationContext } from '../types.js';
import { invalidParameter, lifecyclePolicyNotFound, repositoryPolicyNotFound } from './errors.js';
import { repositoryArn, required } from './names.js';
import { jacksonPretty } from './pretty-json.js';
import { findRepository, repositories } from './state.js';

type Input<Op extends keyof Operations> = Operations[Op]['input'];

const MAX_POLICY = 10240;
const MIN_LIFECYCLE = 100;
const MAX_LIFECYCLE = 30720;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Verified: ECR's one answer for any repository policy it will not take. */
const invalidPolicy = () => invalidParameter('PolicyText', 'Invalid repository policy provided');

/**
 * Whether ECR takes this repository policy. Its statements name no Resource (the repository is the
 * resource; one with `Resource` is refused, verified) and must name who they apply to. The rest is the IAM
 * grammar, checked by the policy parser with the repository's ARN standing in as each statement's resource.
 */
function checkRepositoryPolicy(text: string, arn: string): void {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw invalidPolicy();
  }
  if (!isRecord(json)) throw invalidPolicy();
  const statements = Array.isArray(json.Statement) ? json.Statement : [json.Statement];
  for (const s of statements) {
    if (!isRecord(s) || 'Resource' in s || 'NotResource' in s || !('Principal' in s || 'NotPrincipal' in s)) throw invalidPolicy();
  }
  const withResource = { ...json, Statement: statements.map((s: Record<string, unknown>) => ({ ...s, Resource: arn })) };
  if (!parsePolicyValue(withResource).ok) throw invalidPolicy();
}

export function setRepositoryPolicy(input: Input<'SetRepositoryPolicy'>, ctx: OperationContext) {
  const repository = findRepository(ctx, input);
  const text = required('policyText', input.policyText);
  if (text.length > MAX_POLICY) throw invalidParameter('policyText', `Member must have length less than or equal to ${MAX_POLICY}`);
  checkRepositoryPolicy(text, repositoryArn(ctx.scope, repository.repositoryName));
  const policyText = jacksonPretty(JSON.parse(text));
  repositories(ctx).update(ctx.scope, '', repository.repositoryName, { ...repository, policyText });
  return { registryId: ctx.scope.account, repositoryName: repository.repositoryName, policyText };
}

export function getRepositoryPolicy(input: Input<'GetRepositoryPolicy'>, ctx: OperationContext) {
  const repository = findRepository(ctx, input);
  if (repository.policyText === undefined) throw repositoryPolicyNotFound(repository.repositoryName, ctx.scope.account);
  return { registryId: ctx.scope.account, repositoryName: repository.repositoryName, policyText: repository.policyText };
}

export function deleteRepositoryPolicy(input: Input<'DeleteRepositoryPolicy'>, ctx: OperationContext) {
  const repository = findRepository(ctx, input);
  const { policyText, ...rest } = repository;
  if (policyText === undefined) throw repositoryPolicyNotFound(repository.repositoryName, ctx.scope.account);
  repositories(ctx).update(ctx.scope, '', repository.repositoryName, rest);
  return { registryId: ctx.scope.account, repositoryName: repository.repositoryName, policyText };
}

/**
 * The lifecycle policy's shape: `rules`, each with a positive, unique `rulePriority`, a `selection` whose
 * `tagStatus` and `countType` are ECR's, and an `expire` action. The prefix of the refusal is verified
 * ("Lifecycle policy validation failure: ..."); what follows it is Gatehouse's own, naming the rule.
 */
function checkLifecyclePolicy(text: string): void {
  const fail = (why: string) => invalidParameter('LifecyclePolicyText', `Lifecycle policy validation failure: ${why}`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw fail('Could not map policyString into LifecyclePolicy.');
  }
  if (!isRecord(json) || !Array.isArray(json.rules) || json.rules.length === 0) throw fail('object has missing required properties (["rules"])');
  const priorities = new Set<number>();
  for (const rule of json.rules as unknown[]) {
    if (!isRecord(rule)) throw fail('a rule is not an object');
    const priority = rule.rulePriority;
    if (typeof priority !== 'number' || !Number.isInteger(priority) || priority < 1) throw fail('rulePriority must be an integer of at least 1');
    if (priorities.has(priority)) throw fail(`rulePriority ${priority} is used by more than one rule`);
    priorities.add(priority);
    const selection = rule.selection;
    if (!isRecord(selection)) throw fail(`rule ${priority}: object has missing required properties (["selection"])`);
    if (!['tagged', 'untagged', 'any'].includes(selection.tagStatus as string)) throw fail(`rule ${priority}: tagStatus must be one of tagged, untagged, any`);
    if (!['imageCountMoreThan', 'sinceImagePushed'].includes(selection.countType as string)) throw fail(`rule ${priority}: countType must be one of imageCountMoreThan, sinceImagePushed`);
    if (typeof selection.countNumber !== 'number' || !Number.isInteger(selection.countNumber) || selection.countNumber < 1) throw fail(`rule ${priority}: countNumber must be an integer of at least 1`);
    if (!isRecord(rule.action) || rule.action.type !== 'expire') throw fail(`rule ${priority}: action type must be expire`);
  }
}

export function putLifecyclePolicy(input: Input<'PutLifecyclePolicy'>, ctx: OperationContext) {
  const repository = findRepository(ctx, input);
  const text = required('lifecyclePolicyText', input.lifecyclePolicyText);
  if (text.length < MIN_LIFECYCLE) throw invalidParameter('lifecyclePolicyText', `Member must have length greater than or equal to ${MIN_LIFECYCLE}`);
  if (text.length > MAX_LIFECYCLE) throw invalidParameter('lifecyclePolicyText', `Member must have length less than or equal to ${MAX_LIFECYCLE}`);
  checkLifecyclePolicy(text);
  repositories(ctx).update(ctx.scope, '', repository.repositoryName, { ...repository, lifecyclePolicyText: text });
  return { registryId: ctx.scope.account, repositoryName: repository.repositoryName, lifecyclePolicyText: text };
}

export function getLifecyclePolicy(input: Input<'GetLifecyclePolicy'>, ctx: OperationContext) {
  const repository = findRepository(ctx, input);
  if (repository.lifecyclePolicyText === undefined) throw lifecyclePolicyNotFound(repository.repositoryName, ctx.scope.account);
  return { registryId: ctx.scope.account, repositoryName: repository.repositoryName, lifecyclePolicyText: repository.lifecyclePolicyText };
}

export function deleteLifecyclePolicy(input: Input<'DeleteLifecyclePolicy'>, ctx: OperationContext) {
  const repository = findRepository(ctx, input);
  const { lifecyclePolicyText, ...rest } = repository;
  if (lifecyclePolicyText === undefined) throw lifecyclePolicyNotFound(repository.repositoryName, ctx.scope.account);
  repositories(ctx).update(ctx.scope, '', repository.repositoryName, rest);
  return { registryId: ctx.scope.account, repositoryName: repository.repositoryName, lifecyclePolicyText };
}
