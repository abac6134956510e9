/**
 * AWS::ApiGateway::Deployment, made through Gatehouse's API Gateway service: CreateDeployment, and with a
 * StageName and StageDescription the stage it makes, set up as the description says. Deleting it removes that
 * stage too, unless the stage has moved on to another deployment.
 */
import type { Stage } from '../../../domain/apigateway.js';
import { isServiceError, orUndo, unlessGone } from '../errors.js';
import { compact, parse } from '../properties.js';
import { obj, str } from '../schema.js';
import type { Provisioned, ResourceContext, ResourceType } from '../types.js';
import { GONE, retag, stageArn, type PatchOperation } from './service.js';
import { accessLogPatches, SETTING_FIELDS, settingPatches, STAGE_FIELDS, type MethodSettingProps, type StageSettingsProps } from './stage-settings.js';

interface StageDescriptionProps extends MethodSettingProps, StageSettingsProps {}

interface DeploymentProps {
  RestApiId: string;
  Description?: string;
  StageName?: string;
  StageDescription?: StageDescriptionProps;
}

const DEPLOYMENT_SHAPE = obj(
  {
    RestApiId: str,
    Description: str,
    StageName: str,
    StageDescription: obj(
      {
        ...STAGE_FIELDS,
        ...SETTING_FIELDS,
      },
      [],
      ['CanarySetting'],
    ),
  },
  ['RestApiId'],
  ['DeploymentCanarySettings'],
);

/** The stage's settings beyond what CreateDeployment takes: method settings (the top-level ones apply to every method), access logs, certificate. */
function stageDescriptionPatches(sd: StageDescriptionProps): PatchOperation[] {
  const ops = [...settingPatches([{ ...sd, HttpMethod: '*', ResourcePath: '/*' }]), ...settingPatches(sd.MethodSettings ?? []), ...accessLogPatches(undefined, sd.AccessLogSetting)];
  if (sd.ClientCertificateId !== undefined) ops.push({ op: 'replace', path: '/clientCertificateId', value: sd.ClientCertificateId });
  return ops;
}

export const deployment: ResourceType = {
  type: 'AWS::ApiGateway::Deployment',
  replaceOn: ['RestApiId', 'StageName', 'StageDescription', 'DeploymentCanarySettings'],
  async create(properties, ctx) {
    const p = parse<DeploymentProps>(ctx, properties, DEPLOYMENT_SHAPE);
    const sd = p.StageDescription;
    const out = await ctx.call('apigateway', 'CreateDeployment', compact({
      restApiId: p.RestApiId,
      description: p.Description,
      stageName: p.StageName,
      stageDescription: sd?.Description,
      variables: sd?.Variables,
      cacheClusterEnabled: sd?.CacheClusterEnabled,
      cacheClusterSize: sd?.CacheClusterSize,
      tracingEnabled: sd?.TracingEnabled,
    }));
    const id = out.id as string;
    const created: Provisioned = { physicalId: id, attributes: { DeploymentId: id } };
    if (p.StageName === undefined || sd === undefined) return created;
    const stageName = p.StageName;
    return orUndo(async () => {
      const ops = stageDescriptionPatches(sd);
      if (ops.length > 0) await ctx.call('apigateway', 'UpdateStage', { restApiId: p.RestApiId, stageName, patchOperations: ops });
      await retag(ctx, stageArn(ctx, p.RestApiId, stageName), undefined, sd.Tags);
      return created;
    }, () => removeDeployment(ctx, p, id));
  },
  async update(current, before, after, ctx) {
    const b = parse<DeploymentProps>(ctx, before, DEPLOYMENT_SHAPE);
    const a = parse<DeploymentProps>(ctx, after, DEPLOYMENT_SHAPE);
    if (a.Description !== b.Description) {
      await ctx.call('apigateway', 'UpdateDeployment', { restApiId: a.RestApiId, deploymentId: current.physicalId, patchOperations: [{ op: 'replace', path: '/description', value: a.Description ?? '' }] });
    }
    return current;
  },
  async delete(current, properties, ctx) {
    await removeDeployment(ctx, { RestApiId: properties['RestApiId'] as string, StageName: properties['StageName'] as string | undefined }, current.physicalId);
  },
};

/**
 * A deployment goes with the stage its StageName made, unless that stage has moved on to another deployment
 * (a replacement deployment took it over): then only the deployment goes.
 */
async function removeDeployment(ctx: ResourceContext, p: { RestApiId: string; StageName?: string | undefined }, deploymentId: string): Promise<void> {
  if (p.StageName !== undefined) {
    const stage = (await ctx.call('apigateway', 'GetStage', { restApiId: p.RestApiId, stageName: p.StageName }).catch((error: unknown) => {
      if (isServiceError(error, GONE)) return undefined;
      throw error;
    })) as Stage | undefined;
    if (stage?.deploymentId === deploymentId) await unlessGone(ctx.call('apigateway', 'DeleteStage', { restApiId: p.RestApiId, stageName: p.StageName }), GONE);
  }
  await unlessGone(ctx.call('apigateway', 'DeleteDeployment', { restApiId: p.RestApiId, deploymentId }), GONE);
}
