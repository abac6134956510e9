/**
 * ECR's errors with AWS's texts. All are 400 with `{"__type", "message"}`. Texts seen in AWS's answers
 * (quoted whole in users' reports and tools' logs) are marked "verified"; the others follow the same
 * pattern or the exception's documented description, and are marked "inferred".
 */
import { ServiceError } from '../../shared/errors.js';

/**
 * ECR's refusal of a member that breaks a constraint: it names the member and the constraint, never with
 * Coral's "N validation errors detected" (verified: "Invalid parameter at 'maxResults' failed to satisfy
 * constraint: 'Member must have value less than or equal to 1000'"). One violation at a time.
 */
export const invalidParameter = (member: string, constraint: string): ServiceError =>
  new ServiceError('InvalidParameterException', `Invalid parameter at '${member}' failed to satisfy constraint: '${constraint}'`, 400);

/** Verified (the brief, and every client's log of DescribeRepositories on a missing name). */
export const repositoryNotFound = (name: string, registryId: string): ServiceError =>
  new ServiceError('RepositoryNotFoundException', `The repository with name '${name}' does not exist in the registry with id '${registryId}'`, 400);

/** Verified (the AWS CLI's and Terraform's logs of CreateRepository quote it whole). */
export const repositoryAlreadyExists = (name: string, registryId: string): ServiceError =>
  new ServiceError('RepositoryAlreadyExistsException', `The repository with name '${name}' already exists in the registry with id '${registryId}'`, 400);

/** Verified (driftctl#1549 quotes it whole). */
export const repositoryPolicyNotFound = (name: string, registryId: string): ServiceError =>
  new ServiceError('RepositoryPolicyNotFoundException', `Repository policy does not exist for the repository with name '${name}' in the registry with id '${registryId}'`, 400);

/** Verified (former2#16 quotes it whole). */
export const lifecyclePolicyNotFound = (name: string, registryId: string): ServiceError =>
  new ServiceError('LifecyclePolicyNotFoundException', `Lifecycle policy does not exist for the repository with name '${name}' in the registry with id '${registryId}'`, 400);

/**
 * An image asked for by id: none exists, since Gatehouse keeps no images. AWS prints the id as Java's
 * toString of the ImageIdentifier, `null` for the member not given (verified: users' logs of DescribeImages
 * quote "The image with imageId {imageDigest:'null', imageTag:'latest'} does not exist within ...").
 */
export const imageNotFound = (imageId: { imageDigest?: string; imageTag?: string }, name: string, registryId: string): ServiceError =>
  new ServiceError(
    'ImageNotFoundException',
    `The image with imageId {imageDigest:'${imageId.imageDigest ?? 'null'}', imageTag:'${imageId.imageTag ?? 'null'}'} does not exist within the repository with name '${name}' in the registry with id '${registryId}'`,
    400,
  );

/** Inferred: the documented limit ("a maximum of 50 tags") in the exception's documented words. */
export const tooManyTags = (): ServiceError =>
  new ServiceError('TooManyTagsException', 'The list of tags on the repository is over the limit. The maximum number of tags that can be applied to a repository is 50.', 400);

/** Inferred: a tag key or value ECR refuses (the exception's documented description). */
export const invalidTagParameter = (message: string): ServiceError => new ServiceError('InvalidTagParameterException', message, 400);

/**
 * Inferred: another account's registry. Gatehouse has no cross-account ECR access; the words are IAM's
 * usual refusal, as a caller without permissions on that registry would get.
 */
export const accessDenied = (account: string, operation: string, resource: string): ServiceError =>
  new ServiceError('AccessDeniedException', `User: arn:aws:iam::${account}:root is not authorized to perform: ecr:${operation} on resource: ${resource}`, 400);
