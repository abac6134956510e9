/**
 * Images and the registry's Docker login. Gatehouse is ECR's control plane only: it keeps no images and
 * serves no Docker registry, so every repository is empty (DescribeImages and ListImages answer empty
 * lists, an image asked for by id is not found) and GetAuthorizationToken's token opens nothing. The
 * token is still well-formed (`AWS:<password>`, base64) so that tools which read it do not fail first.
 */
import { randomBytes } from 'node:crypto';
import type { Operations } from '../../wire/models/ecr-2015-09-21.js';
import type { OperationContext } from '../types.js';
import { imageNotFound, invalidParameter } from './errors.js';
import { checkRegistryId, registryHost, required } from './names.js';
import { findRepository } from './state.js';

type Input<Op extends keyof Operations> = Operations[Op]['input'];

/** ECR's tokens last twelve hours. */
const TOKEN_LIFETIME_MS = 12 * 60 * 60 * 1000;

function checkMaxResults(maxResults: number | undefined): void {
  if (maxResults !== undefined && (maxResults < 1 || maxResults > 1000)) {
    throw invalidParameter('maxResults', `Member must have value ${maxResults < 1 ? 'greater than or equal to 1' : 'less than or equal to 1000'}`);
  }
}

function checkImageIds(ids: ReadonlyArray<{ imageDigest?: string; imageTag?: string }> | undefined, max: number) {
  const given = required('imageIds', ids);
  if (given.length < 1 || given.length > max) throw invalidParameter('imageIds', `Member must have length ${given.length < 1 ? 'greater than or equal to 1' : `less than or equal to ${max}`}`);
  return given;
}

/** What AWS says for an image id it does not hold: MissingDigestAndTag for an empty id, else ImageNotFound. */
function failureFor(imageId: { imageDigest?: string; imageTag?: string }) {
  if (imageId.imageDigest === undefined && imageId.imageTag === undefined) {
    return { imageId, failureCode: 'MissingDigestAndTag', failureReason: 'Invalid request parameters: both tag and digest cannot be null' };
  }
  return { imageId, failureCode: 'ImageNotFound', failureReason: 'Requested image not found' };
}

export function describeImages(input: Input<'DescribeImages'>, ctx: OperationContext) {
  const repository = findRepository(ctx, input);
  checkMaxResults(input.maxResults);
  const first = input.imageIds?.[0];
  if (first) throw imageNotFound(first, repository.repositoryName, ctx.scope.account);
  return { imageDetails: [] };
}

export function listImages(input: Input<'ListImages'>, ctx: OperationContext) {
  findRepository(ctx, input);
  checkMaxResults(input.maxResults);
  return { imageIds: [] };
}

export function batchGetImage(input: Input<'BatchGetImage'>, ctx: OperationContext) {
  findRepository(ctx, input);
  return { images: [], failures: checkImageIds(input.imageIds, 100).map(failureFor) };
}

export function batchDeleteImage(input: Input<'BatchDeleteImage'>, ctx: OperationContext) {
  findRepository(ctx, input);
  return { imageIds: [], failures: checkImageIds(input.imageIds, 100).map(failureFor) };
}

/**
 * One authorization per registry asked for (the caller's own by default): a token `AWS:<password>` in
 * base64, valid twelve hours, and the registry's endpoint. Gatehouse serves no registry there: `docker
 * login` with it reaches AWS, not Gatehouse, and pushing images is not supported.
 */
export function getAuthorizationToken(input: Input<'GetAuthorizationToken'>, ctx: OperationContext) {
  const registries = input.registryIds ?? [ctx.scope.account];
  if (registries.length < 1 || registries.length > 10) throw invalidParameter('registryIds', `Member must have length ${registries.length < 1 ? 'greater than or equal to 1' : 'less than or equal to 10'}`);
  registries.forEach((id) => checkRegistryId(id, 'registryIds'));
  const expiresAt = (ctx.clock.now().getTime() + TOKEN_LIFETIME_MS) / 1000;
  return {
    authorizationData: registries.map((account) => ({
      authorizationToken: Buffer.from(`AWS:${randomBytes(48).toString('base64')}`).toString('base64'),
      expiresAt,
      proxyEndpoint: `https://${registryHost({ account, region: ctx.scope.region })}`,
    })),
  };
}
