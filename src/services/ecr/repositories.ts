/**
 * Repositories: CreateRepository, DescribeRepositories, DeleteRepository and the settings ECR changes in
 * place (PutImageScanningConfiguration, PutImageTagMutability). Gatehouse keeps no images, so a repository
 * is always empty and DeleteRepository never needs `force`.
 */
import type { Operations } from '../../wire/models/ecr-2015-09-21.js';
import type { OperationContext } from '../types.js';
import { accessDenied, invalidParameter, repositoryAlreadyExists, repositoryNotFound } from './errors.js';
import { checkRepositoryName, repositoryArn, required } from './names.js';
import { findRepository, registryOf, repositories, repositoryView, type StoredRepository } from './state.js';
import { checkTags } from './tags.js';

type Input<Op extends keyof Operations> = Operations[Op]['input'];

/**
 * MUTABLE and IMMUTABLE. ECR has since added the `_WITH_EXCLUSION` forms, which need exclusion filters this
 * model predates: they are refused as any other value is (Coral's enum clause, inferred order).
 */
const TAG_MUTABILITY = ['MUTABLE', 'IMMUTABLE'] as const;
type TagMutability = (typeof TAG_MUTABILITY)[number];
const ENCRYPTION_TYPES = ['AES256', 'KMS', 'KMS_DSSE'];
/** "If maxResults was not used, then DescribeRepositories returns up to 100 results." */
const DEFAULT_PAGE = 100;

function checkMutability(value: string | undefined, member = 'imageTagMutability'): TagMutability | undefined {
  if (value !== undefined && !(TAG_MUTABILITY as readonly string[]).includes(value)) {
    throw invalidParameter(member, `Member must satisfy enum value set: [${TAG_MUTABILITY.join(', ')}]`);
  }
  return value as TagMutability | undefined;
}

function checkEncryption(e: Input<'CreateRepository'>['encryptionConfiguration']): { encryptionType: string; kmsKey?: string } {
  if (e === undefined) return { encryptionType: 'AES256' };
  const type = required('encryptionConfiguration.encryptionType', e.encryptionType);
  if (!ENCRYPTION_TYPES.includes(type)) throw invalidParameter('encryptionConfiguration.encryptionType', `Member must satisfy enum value set: [${ENCRYPTION_TYPES.join(', ')}]`);
  if (e.kmsKey !== undefined) {
    if (e.kmsKey.length < 1 || e.kmsKey.length > 2048) throw invalidParameter('encryptionConfiguration.kmsKey', `Member must have length ${e.kmsKey.length < 1 ? 'greater than or equal to 1' : 'less than or equal to 2048'}`);
    // Inferred text: a key only goes with a KMS encryption type.
    if (type === 'AES256') throw invalidParameter('encryptionConfiguration', 'KMS key can only be specified when encryptionType is KMS or KMS_DSSE');
  }
  return { encryptionType: type, ...(e.kmsKey === undefined ? {} : { kmsKey: e.kmsKey }) };
}

export function createRepository(input: Input<'CreateRepository'>, ctx: OperationContext) {
  const name = checkRepositoryName(input.repositoryName);
  const registry = registryOf(ctx, input.registryId);
  if (registry !== ctx.scope.account) throw accessDenied(ctx.scope.account, 'CreateRepository', repositoryArn({ ...ctx.scope, account: registry }, name));
  const mutability = checkMutability(input.imageTagMutability) ?? 'MUTABLE';
  const encryption = checkEncryption(input.encryptionConfiguration);
  const tags = checkTags(input.tags ?? []);
  const table = repositories(ctx);
  if (table.has(ctx.scope, '', name)) throw repositoryAlreadyExists(name, registry);
  const repository: StoredRepository = {
    repositoryName: name,
    createdAt: ctx.clock.now().getTime() / 1000,
    imageTagMutability: mutability,
    scanOnPush: input.imageScanningConfiguration?.scanOnPush ?? false,
    ...encryption,
    tags,
  };
  table.insert(ctx.scope, '', name, repository);
  return { repository: repositoryView(ctx.scope, repository) };
}

export function describeRepositories(input: Input<'DescribeRepositories'>, ctx: OperationContext) {
  const registry = registryOf(ctx, input.registryId);
  if (input.maxResults !== undefined && (input.maxResults < 1 || input.maxResults > 1000)) {
    throw invalidParameter('maxResults', `Member must have value ${input.maxResults < 1 ? 'greater than or equal to 1' : 'less than or equal to 1000'}`);
  }
  const table = repositories(ctx);
  const own = registry === ctx.scope.account;
  if (input.repositoryNames !== undefined) {
    const names = input.repositoryNames;
    if (names.length < 1 || names.length > 100) throw invalidParameter('repositoryNames', `Member must have length ${names.length < 1 ? 'greater than or equal to 1' : 'less than or equal to 100'}`);
    names.forEach((n) => checkRepositoryName(n, 'repositoryNames'));
    // The first name that names nothing fails the whole call, as on AWS; the others are answered in the order asked.
    const found = [...new Set(names)].map((n) => {
      const r = own ? table.get(ctx.scope, '', n) : undefined;
      if (!r) throw repositoryNotFound(n, registry);
      return repositoryView(ctx.scope, r);
    });
    return { repositories: found };
  }
  if (!own) return { repositories: [] };
  const page = table.page(ctx.scope, '', input.maxResults ?? DEFAULT_PAGE, input.nextToken);
  return { repositories: page.items.map((r) => repositoryView(ctx.scope, r)), ...(page.next === undefined ? {} : { nextToken: page.next }) };
}

/** Deletes the repository with its policies and tags; answers it as it was. */
export function deleteRepository(input: Input<'DeleteRepository'>, ctx: OperationContext) {
  const repository = findRepository(ctx, input);
  repositories(ctx).delete(ctx.scope, '', repository.repositoryName);
  return { repository: repositoryView(ctx.scope, repository) };
}

export function putImageScanningConfiguration(input: Input<'PutImageScanningConfiguration'>, ctx: OperationContext) {
  const repository = findRepository(ctx, input);
  const config = required('imageScanningConfiguration', input.imageScanningConfiguration);
  const scanOnPush = config.scanOnPush ?? false;
  repositories(ctx).update(ctx.scope, '', repository.repositoryName, { ...repository, scanOnPush });
  return { registryId: ctx.scope.account, repositoryName: repository.repositoryName, imageScanningConfiguration: { scanOnPush } };
}

export function putImageTagMutability(input: Input<'PutImageTagMutability'>, ctx: OperationContext) {
  const repository = findRepository(ctx, input);
  const mutability = required('imageTagMutability', checkMutability(input.imageTagMutability));
  repositories(ctx).update(ctx.scope, '', repository.repositoryName, { ...repository, imageTagMutability: mutability });
  return { registryId: ctx.scope.account, repositoryName: repository.repositoryName, imageTagMutability: mutability };
}
