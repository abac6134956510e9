/**
 * Amazon ECR (ecr 2015-09-21, the JSON protocol), control plane only: repositories with their settings,
 * tags, repository and lifecycle policies. No images are kept and no Docker registry is served: pushing
 * images (InitiateLayerUpload, PutImage ...) answers the unimplemented-operation error.
 */
import type { Operations } from '../../wire/models/ecr-2015-09-21.js';
import type { AnyServiceDefinition, ServiceDefinition } from '../types.js';
import { batchDeleteImage, batchGetImage, describeImages, getAuthorizationToken, listImages } from './images.js';
import { deleteLifecyclePolicy, deleteRepositoryPolicy, getLifecyclePolicy, getRepositoryPolicy, putLifecyclePolicy, setRepositoryPolicy } from './policies.js';
import { createRepository, deleteRepository, describeRepositories, putImageScanningConfiguration, putImageTagMutability } from './repositories.js';
import { listTagsForResource, tagResource, untagResource } from './tags.js';

const definition: ServiceDefinition<Operations> = {
  signingName: 'ecr',
  modelFile: 'ecr-2015-09-21',
  operations: {
    CreateRepository: createRepository,
    DescribeRepositories: describeRepositories,
    DeleteRepository: deleteRepository,
    PutImageScanningConfiguration: putImageScanningConfiguration,
    PutImageTagMutability: putImageTagMutability,
    SetRepositoryPolicy: setRepositoryPolicy,
    GetRepositoryPolicy: getRepositoryPolicy,
    DeleteRepositoryPolicy: deleteRepositoryPolicy,
    PutLifecyclePolicy: putLifecyclePolicy,
    GetLifecyclePolicy: getLifecyclePolicy,
    DeleteLifecyclePolicy: deleteLifecyclePolicy,
    TagResource: tagResource,
    UntagResource: untagResource,
    ListTagsForResource: listTagsForResource,
    DescribeImages: describeImages,
    ListImages: listImages,
    BatchGetImage: batchGetImage,
    BatchDeleteImage: batchDeleteImage,
    GetAuthorizationToken: getAuthorizationToken,
  },
};

export const ecr: AnyServiceDefinition = definition;
