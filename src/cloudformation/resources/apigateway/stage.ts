/**
 * AWS::ApiGateway::Stage, made through Gatehouse's API Gateway service: CreateStage, then the settings it does
 * not take as one UpdateStage; an update patches what changed.
 */
import { orUndo, unlessGone } from '../errors.js';
import { compact, parse } from '../properties.js';
import { changed, obj, str, tagMap } from '../schema.js';
import type { ResourceType } from '../types.js';
import { GONE, retag, stageArn, type PatchOperation } from './service.js';
import { accessLogPatches, SETTING_PATHS, settingBase, settingPatches, STAGE_FIELDS, type StageSettingsProps } from './stage-settings.js';

interface StageProps extends StageSettingsProps {
  RestApiId: string;
  StageName?: string;
  DeploymentId?: string;
}

const STAGE_SHAPE = obj(
  {
    RestApiId: str,
    StageName: str,
    DeploymentId: str,
    ...STAGE_FIELDS,
  },
  ['RestApiId'],
  ['CanarySetting'],
);

/** The patch operations that take a stage from `b` to `a` (all but tags). */
function stagePatches(b: StageProps, a: StageProps): PatchOperation[] {
  const ops: PatchOperation[] = [];
  const replace = (path: string, value: string) => ops.push({ op: 'replace', path, value });
  if (changed(b, a, 'DeploymentId') && a.DeploymentId !== undefined) replace('/deploymentId', a.DeploymentId);
  if (changed(b, a, 'Description')) replace('/description', a.Description ?? '');
  if (changed(b, a, 'CacheClusterEnabled')) replace('/cacheClusterEnabled', String(a.CacheClusterEnabled ?? false));
  if (changed(b, a, 'CacheClusterSize')) replace('/cacheClusterSize', a.CacheClusterSize ?? '');
  if (changed(b, a, 'TracingEnabled')) replace('/tracingEnabled', String(a.TracingEnabled ?? false));
  if (changed(b, a, 'ClientCertificateId')) replace('/clientCertificateId', a.ClientCertificateId ?? '');
  const vb = b.Variables ?? {};
  const va = a.Variables ?? {};
  for (const name of Object.keys(vb)) if (!(name in va)) ops.push({ op: 'remove', path: `/variables/${name}` });
  for (const [name, value] of Object.entries(va)) if (vb[name] !== value) replace(`/variables/${name}`, value);
  if (changed(b, a, 'MethodSettings')) {
    // Only settings that set something exist on the stage to be removed.
    for (const s of b.MethodSettings ?? []) if (SETTING_PATHS.some(([field]) => s[field] !== undefined)) ops.push({ op: 'remove', path: settingBase(s) });
    ops.push(...settingPatches(a.MethodSettings ?? []));
  }
  ops.push(...accessLogPatches(b.AccessLogSetting, a.AccessLogSetting));
  return ops;
}

export const stage: ResourceType = {
  type: 'AWS::ApiGateway::Stage',
  replaceOn: ['RestApiId', 'StageName'],
  async create(properties, ctx) {
    const p = parse<StageProps>(ctx, properties, STAGE_SHAPE);
    const out = await ctx.call('apigateway', 'CreateStage', compact({
      restApiId: p.RestApiId,
      stageName: p.StageName,
      deploymentId: p.DeploymentId,
      description: p.Description,
      variables: p.Variables,
      cacheClusterEnabled: p.CacheClusterEnabled,
      cacheClusterSize: p.CacheClusterSize,
      tracingEnabled: p.TracingEnabled,
      documentationVersion: p.DocumentationVersion,
      tags: tagMap(p.Tags),
    }));
    const name = out.stageName as string;
    return orUndo(async () => {
      const ops = stagePatches({ RestApiId: p.RestApiId, DeploymentId: p.DeploymentId, Description: p.Description, Variables: p.Variables, CacheClusterEnabled: p.CacheClusterEnabled, CacheClusterSize: p.CacheClusterSize, TracingEnabled: p.TracingEnabled }, p);
      if (ops.length > 0) await ctx.call('apigateway', 'UpdateStage', { restApiId: p.RestApiId, stageName: name, patchOperations: ops });
      return { physicalId: name, attributes: {} };
    }, () => ctx.call('apigateway', 'DeleteStage', { restApiId: p.RestApiId, stageName: name }));
  },
  async update(current, before, after, ctx) {
    const b = parse<StageProps>(ctx, before, STAGE_SHAPE);
    const a = parse<StageProps>(ctx, after, STAGE_SHAPE);
    const ops = stagePatches(b, a);
    if (ops.length > 0) await ctx.call('apigateway', 'UpdateStage', { restApiId: a.RestApiId, stageName: current.physicalId, patchOperations: ops });
    await retag(ctx, stageArn(ctx, a.RestApiId, current.physicalId), b.Tags, a.Tags);
    return current;
  },
  async delete(current, properties, ctx) {
    await unlessGone(ctx.call('apigateway', 'DeleteStage', { restApiId: properties['RestApiId'], stageName: current.physicalId }), GONE);
  },
};
