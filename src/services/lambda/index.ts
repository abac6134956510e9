/** AWS Lambda (lambda 2015-03-31): functions, versions, aliases, permissions, layers, concurrency, tags, Invoke. */
import type { Operations } from '../../wire/models/lambda-2015-03-31.js';
import type { AnyServiceDefinition, ServiceDefinition } from '../types.js';
import { createAlias, deleteAlias, getAlias, listAliases, updateAlias } from './aliases.js';
import { deleteFunctionConcurrency, getFunctionConcurrency, putFunctionConcurrency } from './concurrency.js';
import { createFunction, deleteFunction, getFunction, getFunctionConfiguration, listFunctions, updateFunctionCode, updateFunctionConfiguration } from './functions.js';
import { invoke } from './invoke.js';
import { addLayerVersionPermission, getLayerVersionPolicy, removeLayerVersionPermission } from './layer-permissions.js';
import { deleteLayerVersion, getLayerVersion, getLayerVersionByArn, listLayers, listLayerVersions, publishLayerVersion } from './layers.js';
import { addPermission, getPolicy, removePermission } from './permissions.js';
import { listTags, tagResource, untagResource } from './tags.js';
import { listVersionsByFunction, publishVersion } from './versions.js';

const definition: ServiceDefinition<Operations> = {
  signingName: 'lambda',
  modelFile: 'lambda-2015-03-31',
  operations: {
    CreateFunction: createFunction,
    GetFunction: getFunction,
    GetFunctionConfiguration: getFunctionConfiguration,
    ListFunctions: listFunctions,
    UpdateFunctionCode: updateFunctionCode,
    UpdateFunctionConfiguration: updateFunctionConfiguration,
    DeleteFunction: deleteFunction,
    PublishVersion: publishVersion,
    ListVersionsByFunction: listVersionsByFunction,
    CreateAlias: createAlias,
    GetAlias: getAlias,
    ListAliases: listAliases,
    UpdateAlias: updateAlias,
    DeleteAlias: deleteAlias,
    AddPermission: addPermission,
    RemovePermission: removePermission,
    GetPolicy: getPolicy,
    PublishLayerVersion: publishLayerVersion,
    GetLayerVersion: getLayerVersion,
    GetLayerVersionByArn: getLayerVersionByArn,
    ListLayers: listLayers,
    ListLayerVersions: listLayerVersions,
    DeleteLayerVersion: deleteLayerVersion,
    AddLayerVersionPermission: addLayerVersionPermission,
    RemoveLayerVersionPermission: removeLayerVersionPermission,
    GetLayerVersionPolicy: getLayerVersionPolicy,
    PutFunctionConcurrency: putFunctionConcurrency,
    GetFunctionConcurrency: getFunctionConcurrency,
    DeleteFunctionConcurrency: deleteFunctionConcurrency,
    TagResource: tagResource,
    UntagResource: untagResource,
    ListTags: listTags,
  },
  asyncOperations: { Invoke: invoke },
};

export const lambda: AnyServiceDefinition = definition;
