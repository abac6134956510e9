/** TagResource, UntagResource and GetTags for rest APIs and stages, addressed by their ARNs. */
import type { OperationContext } from '../types.js';
import { badRequest, notFound } from './errors.js';
import { requireApi, tables } from './state.js';
import { requireStage } from './stages.js';

/** `arn:aws:apigateway:{region}::/restapis/{id}` or `.../restapis/{id}/stages/{name}`. */
const TAGGABLE = /^arn:aws[a-z-]*:apigateway:([a-z0-9-]+)::\/restapis\/([^/]+)(?:\/stages\/([^/]+))?$/;

interface Taggable {
  tags?: Record<string, string>;
}

function withTarget<T>(ctx: OperationContext, arn: string, change: (owner: Taggable) => T): T {
  const m = TAGGABLE.exec(arn);
  if (!m) throw badRequest('Invalid ARN specified in the request');
  const [, region, restApiId, stageName] = m;
  if (region !== ctx.scope.region) throw notFound(`Invalid resource ARN specified: ${arn}`);
  const t = tables(ctx);
  if (stageName === undefined) {
    const api = requireApi(ctx, restApiId!);
    const result = change(api);
    t.apis.update(ctx.scope, '', api.id, api);
    return result;
  }
  const stage = requireStage(ctx, restApiId!, stageName);
  const result = change(stage);
  t.stages.update(ctx.scope, restApiId!, stage.stageName, stage);
  return result;
}

export function tagResource(input: { resourceArn: string; tags?: Record<string, string> }, ctx: OperationContext): void {
  withTarget(ctx, input.resourceArn, (owner) => {
    owner.tags = { ...owner.tags, ...input.tags };
  });
}

export function untagResource(input: { resourceArn: string; tagKeys?: string[] }, ctx: OperationContext): void {
  withTarget(ctx, input.resourceArn, (owner) => {
    if (!owner.tags) return;
    for (const key of input.tagKeys ?? []) delete owner.tags[key];
    if (Object.keys(owner.tags).length === 0) delete owner.tags;
  });
}

export function getTags(input: { resourceArn: string }, ctx: OperationContext) {
  return withTarget(ctx, input.resourceArn, (owner) => ({ tags: { ...owner.tags } }));
}
