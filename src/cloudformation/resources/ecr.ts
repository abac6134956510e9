/**
 * AWS::ECR::Repository, through Gatehouse's ECR (control plane only: the repository, its settings, tags and
 * policies; no images). Ref is the repository's name; GetAtt Arn and RepositoryUri. The `cdk bootstrap`
 * template's container assets repository is one of these.
 */
import { ResourceFailure, isServiceError, orUndo, resourceAlreadyExists, unlessGone, validationFailed } from './errors.js';
import { compact, parse, type Tag } from './properties.js';
import { bool, changed, json, obj, policyText, str, tagDiff, tagList, tagMap } from './schema.js';
import type { Provisioned, ResourceContext, ResourceType } from './types.js';

interface RepositoryProps {
  RepositoryName?: string;
  ImageTagMutability?: string;
  ImageScanningConfiguration?: { ScanOnPush?: boolean };
  EncryptionConfiguration?: { EncryptionType: string; KmsKey?: string };
  LifecyclePolicy?: { LifecyclePolicyText?: string; RegistryId?: string };
  RepositoryPolicyText?: unknown;
  Tags?: Tag[];
  EmptyOnDelete?: boolean;
}

const REPOSITORY_SHAPE = obj(
  {
    RepositoryName: str,
    ImageTagMutability: str,
    ImageScanningConfiguration: obj({ ScanOnPush: bool }),
    EncryptionConfiguration: obj({ EncryptionType: str, KmsKey: str }, ['EncryptionType']),
    LifecyclePolicy: obj({ LifecyclePolicyText: str, RegistryId: str }),
    RepositoryPolicyText: json,
    Tags: tagList,
    EmptyOnDelete: bool,
  },
  [],
  // Exclusion filters go with the `_WITH_EXCLUSION` mutabilities, which Gatehouse's ECR model predates.
  ['ImageTagMutabilityExclusionFilters'],
);

/** The enums of the resource type's schema, checked before any call as CloudFormation does. */
function checkRepository(ctx: ResourceContext, p: RepositoryProps): void {
  if (p.ImageTagMutability !== undefined && !['MUTABLE', 'IMMUTABLE'].includes(p.ImageTagMutability)) {
    throw validationFailed(ctx.logicalId, `#/ImageTagMutability: ${p.ImageTagMutability} is not a valid enum value`);
  }
  if (p.EncryptionConfiguration !== undefined && !['AES256', 'KMS', 'KMS_DSSE'].includes(p.EncryptionConfiguration.EncryptionType)) {
    throw validationFailed(ctx.logicalId, `#/EncryptionConfiguration/EncryptionType: ${p.EncryptionConfiguration.EncryptionType} is not a valid enum value`);
  }
}

/** Without Gatehouse's ECR (a build that lacks it), the failure says so rather than what the caller saw. */
async function ecrCall(ctx: ResourceContext, operation: string, input: Record<string, unknown>): Promise<Record<string, unknown>> {
  try {
    return await ctx.call('ecr', operation, input);
  } catch (error) {
    if (isServiceError(error, 'NotImplementedException')) throw new ResourceFailure(`AWS::ECR::Repository needs Gatehouse's ECR (${operation}), which this Gatehouse does not have.`);
    throw error;
  }
}

function provisioned(ctx: ResourceContext, name: string): Provisioned {
  const { account, region } = ctx.scope;
  return {
    physicalId: name,
    attributes: { Arn: `arn:aws:ecr:${region}:${account}:repository/${name}`, RepositoryUri: `${account}.dkr.ecr.${region}.amazonaws.com/${name}` },
  };
}

async function putPolicies(ctx: ResourceContext, name: string, p: RepositoryProps): Promise<void> {
  const text = policyText(p.RepositoryPolicyText);
  if (text !== undefined) await ecrCall(ctx, 'SetRepositoryPolicy', { repositoryName: name, policyText: text });
  const lifecycle = p.LifecyclePolicy?.LifecyclePolicyText;
  if (lifecycle !== undefined) await ecrCall(ctx, 'PutLifecyclePolicy', compact({ repositoryName: name, lifecyclePolicyText: lifecycle, registryId: p.LifecyclePolicy?.RegistryId }));
}

/**
 * A repository the template names none of gets CloudFormation's `{stack}-{logicalId}-{RANDOM}`, in lower
 * case as ECR's names must be. Changing the name or the encryption replaces the repository (AWS's "Update
 * requires: Replacement"); every other property changes in place.
 */
export const ecrRepository: ResourceType = {
  type: 'AWS::ECR::Repository',
  replaceOn: ['RepositoryName', 'EncryptionConfiguration'],
  async create(properties, ctx) {
    const p = parse<RepositoryProps>(ctx, properties, REPOSITORY_SHAPE);
    checkRepository(ctx, p);
    const name = p.RepositoryName ?? ctx.physicalName(256).toLowerCase();
    const encryption = p.EncryptionConfiguration && compact({ encryptionType: p.EncryptionConfiguration.EncryptionType, kmsKey: p.EncryptionConfiguration.KmsKey });
    try {
      await ecrCall(ctx, 'CreateRepository', compact({
        repositoryName: name,
        imageTagMutability: p.ImageTagMutability,
        imageScanningConfiguration: p.ImageScanningConfiguration && { scanOnPush: p.ImageScanningConfiguration.ScanOnPush ?? false },
        encryptionConfiguration: encryption,
        tags: p.Tags && p.Tags.length > 0 ? p.Tags : undefined,
      }));
    } catch (error) {
      if (isServiceError(error, 'RepositoryAlreadyExistsException')) throw resourceAlreadyExists('AWS::ECR::Repository', name);
      throw error;
    }
    return orUndo(async () => {
      await putPolicies(ctx, name, p);
      return provisioned(ctx, name);
    }, () => ecrCall(ctx, 'DeleteRepository', { repositoryName: name, force: true }));
  },
  async update(current, before, after, ctx) {
    const b = parse<RepositoryProps>(ctx, before, REPOSITORY_SHAPE);
    const a = parse<RepositoryProps>(ctx, after, REPOSITORY_SHAPE);
    checkRepository(ctx, a);
    const name = current.physicalId;
    if (changed(b, a, 'ImageTagMutability')) await ecrCall(ctx, 'PutImageTagMutability', { repositoryName: name, imageTagMutability: a.ImageTagMutability ?? 'MUTABLE' });
    if (changed(b, a, 'ImageScanningConfiguration')) {
      await ecrCall(ctx, 'PutImageScanningConfiguration', { repositoryName: name, imageScanningConfiguration: { scanOnPush: a.ImageScanningConfiguration?.ScanOnPush ?? false } });
    }
    if (changed(b, a, 'RepositoryPolicyText')) {
      const text = policyText(a.RepositoryPolicyText);
      if (text !== undefined) await ecrCall(ctx, 'SetRepositoryPolicy', { repositoryName: name, policyText: text });
      else await unlessGone(ecrCall(ctx, 'DeleteRepositoryPolicy', { repositoryName: name }), 'RepositoryPolicyNotFoundException');
    }
    if (changed(b, a, 'LifecyclePolicy')) {
      const text = a.LifecyclePolicy?.LifecyclePolicyText;
      if (text !== undefined) await ecrCall(ctx, 'PutLifecyclePolicy', compact({ repositoryName: name, lifecyclePolicyText: text, registryId: a.LifecyclePolicy?.RegistryId }));
      else await unlessGone(ecrCall(ctx, 'DeleteLifecyclePolicy', { repositoryName: name }), 'LifecyclePolicyNotFoundException');
    }
    const { set, removed } = tagDiff(tagMap(b.Tags), tagMap(a.Tags));
    const arn = current.attributes.Arn;
    if (removed.length > 0) await ecrCall(ctx, 'UntagResource', { resourceArn: arn, tagKeys: removed });
    const entries = Object.entries(set);
    if (entries.length > 0) await ecrCall(ctx, 'TagResource', { resourceArn: arn, tags: entries.map(([Key, Value]) => ({ Key, Value })) });
    return provisioned(ctx, name);
  },
  async delete(current, properties, ctx) {
    // EmptyOnDelete decides whether images block the delete; Gatehouse's repositories never hold any.
    const emptyOnDelete = (properties as RepositoryProps).EmptyOnDelete === true || String((properties as RepositoryProps).EmptyOnDelete) === 'true';
    await unlessGone(ecrCall(ctx, 'DeleteRepository', { repositoryName: current.physicalId, force: emptyOnDelete }), 'RepositoryNotFoundException');
  },
};

export const ECR_TYPES: readonly ResourceType[] = [ecrRepository];
