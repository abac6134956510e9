/**
 * Deployments: immutable snapshots of an API (resources, methods, integrations, policy, endpoint
 * configuration). The data plane serves only snapshots, so edits change nothing until the next deployment.
 */
import type { Operations } from '../../wire/models/apigateway-2015-07-09.js';
import type { Deployment, DeploymentSnapshot, Resource, RestApi } from '../../domain/apigateway.js';
import { epochSeconds } from '../../shared/clock.js';
import type { OperationContext } from '../types.js';
import { badRequest, notFound } from './errors.js';
import { pageOf } from './paging.js';
import { embeds } from './resources.js';
import { requireApi, tables } from './state.js';
import { uniqueId } from './rest-apis.js';
import { createStageRecord, checkStageName, checkVariables } from './stages.js';
import { Violations, type PatchOperation } from './validation.js';

/** The request as the model shapes it (wire/models). */
type CreateDeploymentInput = Operations['CreateDeployment']['input'];

/** The checks AWS makes before it will deploy an API. */
function checkDeployable(api: RestApi, resources: readonly Resource[]): void {
  if (api.endpointConfiguration.types[0] === 'PRIVATE' && api.policy === undefined) {
    throw badRequest("Private REST API doesn't have a resource policy attached to it");
  }
  const methods = resources.flatMap((r) => Object.values(r.resourceMethods ?? {}));
  if (methods.length === 0) throw badRequest("The REST API doesn't contain any methods");
  if (methods.some((m) => m.methodIntegration === undefined)) throw badRequest('No integration defined for method');
}

function apiSummary(resources: readonly Resource[]): NonNullable<Deployment['apiSummary']> {
  const summary: NonNullable<Deployment['apiSummary']> = {};
  for (const r of resources) {
    const methods = Object.values(r.resourceMethods ?? {});
    if (methods.length === 0) continue;
    summary[r.path] = Object.fromEntries(methods.map((m) => [m.httpMethod, { authorizationType: m.authorizationType, apiKeyRequired: m.apiKeyRequired }]));
  }
  return summary;
}

function deploymentView(deployment: Deployment, embed: readonly string[] | undefined): Deployment {
  if (embeds(embed, 'apisummary')) return deployment;
  const { apiSummary: _summary, ...rest } = deployment;
  return rest;
}

export function createDeployment(input: CreateDeploymentInput, ctx: OperationContext) {
  const api = requireApi(ctx, input.restApiId);
  const t = tables(ctx);
  if (input.stageName !== undefined) checkStageName(input.stageName);
  checkVariables(input.variables);
  const resources = t.resources.list(ctx.scope, api.id);
  checkDeployable(api, resources);

  const now = epochSeconds(ctx.clock.now());
  const id = uniqueId(6, (c) => t.deployments.has(ctx.scope, api.id, c));
  const deployment: Deployment = { id, createdDate: now, apiSummary: apiSummary(resources) };
  if (input.description !== undefined) deployment.description = input.description;
  t.deployments.insert(ctx.scope, api.id, id, deployment);
  const snapshot: DeploymentSnapshot = { api, resources, authorizers: t.authorizers.list(ctx.scope, api.id) };
  t.snapshots.insert(ctx.scope, api.id, id, snapshot);

  if (input.stageName !== undefined) {
    const existing = t.stages.get(ctx.scope, api.id, input.stageName);
    if (existing) {
      // Deploying to an existing stage points it at the new deployment.
      existing.deploymentId = id;
      existing.lastUpdatedDate = now;
      if (input.variables !== undefined) existing.variables = { ...existing.variables, ...input.variables };
      t.stages.update(ctx.scope, api.id, existing.stageName, existing);
    } else {
      const stage = createStageRecord(ctx, { stageName: input.stageName, deploymentId: id, description: input.stageDescription, variables: input.variables, cacheClusterEnabled: input.cacheClusterEnabled, cacheClusterSize: input.cacheClusterSize, tracingEnabled: input.tracingEnabled });
      t.stages.insert(ctx.scope, api.id, stage.stageName, stage);
    }
  }
  return deploymentView(deployment, undefined);
}

function requireDeployment(ctx: OperationContext, restApiId: string, deploymentId: string): Deployment {
  requireApi(ctx, restApiId);
  const deployment = tables(ctx).deployments.get(ctx.scope, restApiId, deploymentId);
  if (!deployment) throw notFound('Invalid Deployment identifier specified');
  return deployment;
}

export function getDeployment(input: { restApiId: string; deploymentId: string; embed?: string[] }, ctx: OperationContext) {
  return deploymentView(requireDeployment(ctx, input.restApiId, input.deploymentId), input.embed);
}

export function getDeployments(input: { restApiId: string; limit?: number; position?: string }, ctx: OperationContext) {
  requireApi(ctx, input.restApiId);
  const page = pageOf(tables(ctx).deployments, ctx.scope, input.restApiId, input.limit, input.position);
  return { ...page, items: page.items.map((d) => deploymentView(d, undefined)) };
}

export function updateDeployment(input: { restApiId: string; deploymentId: string; patchOperations?: PatchOperation[] }, ctx: OperationContext) {
  const v = new Violations();
  v.patchOperations('updateDeploymentInput', input.patchOperations);
  v.throwIfAny();
  const deployment = requireDeployment(ctx, input.restApiId, input.deploymentId);
  for (const op of input.patchOperations ?? []) {
    if (op.path !== '/description') throw badRequest(`Invalid patch path  '${op.path}' specified for op '${op.op}'. Must be one of: [/description]`);
    if (op.op === 'remove' || !op.value) delete deployment.description;
    else deployment.description = op.value;
  }
  tables(ctx).deployments.update(ctx.scope, input.restApiId, deployment.id, deployment);
  return deploymentView(deployment, undefined);
}

export function deleteDeployment(input: { restApiId: string; deploymentId: string }, ctx: OperationContext): void {
  requireDeployment(ctx, input.restApiId, input.deploymentId);
  const t = tables(ctx);
  if (t.stages.list(ctx.scope, input.restApiId).some((s) => s.deploymentId === input.deploymentId)) {
    throw badRequest('Active stages pointing to this deployment must be moved or deleted');
  }
  t.deployments.delete(ctx.scope, input.restApiId, input.deploymentId);
  t.snapshots.delete(ctx.scope, input.restApiId, input.deploymentId);
}
