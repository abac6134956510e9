/**
 * ECR's state: one document per repository (table `ecr_repositories`, parent '', id = its name) holding its
 * settings, tags and policies, and the Repository view every operation answers with.
 */
import type { Scope } from '../../shared/accounts.js';
import type { DocumentTable } from '../../store/store.js';
import type { OperationContext } from '../types.js';
import { repositoryNotFound } from './errors.js';
import { checkRegistryId, checkRepositoryName, repositoryArn, repositoryUri } from './names.js';

export interface Tag {
  Key: string;
  Value: string;
}

export interface StoredRepository {
  repositoryName: string;
  /** Epoch seconds with milliseconds, as ECR's JSON answers carry it. */
  createdAt: number;
  imageTagMutability: 'MUTABLE' | 'IMMUTABLE';
  scanOnPush: boolean;
  encryptionType: string;
  kmsKey?: string;
  tags: Tag[];
  /** As ECR answers it (Jackson's pretty print of what was set). */
  policyText?: string;
  /** As it was put. */
  lifecyclePolicyText?: string;
}

export function repositories(ctx: OperationContext): DocumentTable<StoredRepository> {
  return ctx.store.table<StoredRepository>('ecr_repositories');
}

/**
 * The registry an operation names: the caller's own when `registryId` is absent. Gatehouse keeps each
 * account's repositories in its own registry and shares none across accounts, so another account's id
 * finds nothing there.
 */
export function registryOf(ctx: OperationContext, registryId: string | undefined): string {
  checkRegistryId(registryId);
  return registryId ?? ctx.scope.account;
}

/** The repository `input` names, or ECR's RepositoryNotFoundException (name checked first, as ECR does). */
export function findRepository(ctx: OperationContext, input: { registryId?: string; repositoryName?: string }): StoredRepository {
  const name = checkRepositoryName(input.repositoryName);
  const registry = registryOf(ctx, input.registryId);
  const found = registry === ctx.scope.account ? repositories(ctx).get(ctx.scope, '', name) : undefined;
  if (!found) throw repositoryNotFound(name, registry);
  return found;
}

/** The Repository structure of ECR's answers. */
export function repositoryView(scope: Scope, r: StoredRepository) {
  return {
    repositoryArn: repositoryArn(scope, r.repositoryName),
    registryId: scope.account,
    repositoryName: r.repositoryName,
    repositoryUri: repositoryUri(scope, r.repositoryName),
    createdAt: r.createdAt,
    imageTagMutability: r.imageTagMutability,
    imageScanningConfiguration: { scanOnPush: r.scanOnPush },
    encryptionConfiguration: { encryptionType: r.encryptionType, ...(r.kmsKey === undefined ? {} : { kmsKey: r.kmsKey }) },
  };
}
