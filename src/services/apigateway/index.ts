/** Amazon API Gateway (apigateway 2015-07-09): the control plane for REST APIs. */
import type { Operations } from '../../wire/models/apigateway-2015-07-09.js';
import type { AnyServiceDefinition, ServiceDefinition } from '../types.js';
import { createAuthorizer, deleteAuthorizer, flushStageAuthorizersCache, getAuthorizer, getAuthorizers, testInvokeAuthorizer, updateAuthorizer } from './authorizers.js';
import { createDeployment, deleteDeployment, getDeployment, getDeployments, updateDeployment } from './deployments.js';
import {
  deleteIntegration, deleteIntegrationResponse, getIntegration, getIntegrationResponse, putIntegration, putIntegrationResponse,
  updateIntegration, updateIntegrationResponse,
} from './integrations.js';
import { deleteMethod, deleteMethodResponse, getMethod, getMethodResponse, putMethod, putMethodResponse, updateMethod, updateMethodResponse } from './methods.js';
import { createResource, deleteResource, getResource, getResources, updateResource } from './resources.js';
import { createRestApi, deleteRestApi, getRestApi, getRestApis, updateRestApi } from './rest-apis.js';
import { createStage, deleteStage, getStage, getStages, updateStage } from './stages.js';
import { getTags, tagResource, untagResource } from './tags.js';

const definition: ServiceDefinition<Operations> = {
  signingName: 'apigateway',
  modelFile: 'apigateway-2015-07-09',
  operations: {
    CreateRestApi: createRestApi,
    GetRestApi: getRestApi,
    GetRestApis: getRestApis,
    UpdateRestApi: updateRestApi,
    DeleteRestApi: deleteRestApi,
    CreateResource: createResource,
    GetResource: getResource,
    GetResources: getResources,
    UpdateResource: updateResource,
    DeleteResource: deleteResource,
    PutMethod: putMethod,
    GetMethod: getMethod,
    UpdateMethod: updateMethod,
    DeleteMethod: deleteMethod,
    PutMethodResponse: putMethodResponse,
    GetMethodResponse: getMethodResponse,
    UpdateMethodResponse: updateMethodResponse,
    DeleteMethodResponse: deleteMethodResponse,
    PutIntegration: putIntegration,
    GetIntegration: getIntegration,
    UpdateIntegration: updateIntegration,
    DeleteIntegration: deleteIntegration,
    PutIntegrationResponse: putIntegrationResponse,
    GetIntegrationResponse: getIntegrationResponse,
    UpdateIntegrationResponse: updateIntegrationResponse,
    DeleteIntegrationResponse: deleteIntegrationResponse,
    CreateDeployment: createDeployment,
    GetDeployment: getDeployment,
    GetDeployments: getDeployments,
    UpdateDeployment: updateDeployment,
    DeleteDeployment: deleteDeployment,
    CreateStage: createStage,
    GetStage: getStage,
    GetStages: getStages,
    UpdateStage: updateStage,
    DeleteStage: deleteStage,
    TagResource: tagResource,
    UntagResource: untagResource,
    GetTags: getTags,
    CreateAuthorizer: createAuthorizer,
    GetAuthorizer: getAuthorizer,
    GetAuthorizers: getAuthorizers,
    UpdateAuthorizer: updateAuthorizer,
    DeleteAuthorizer: deleteAuthorizer,
    FlushStageAuthorizersCache: flushStageAuthorizersCache,
  },
  asyncOperations: {
    TestInvokeAuthorizer: testInvokeAuthorizer,
  },
};

export const apigateway: AnyServiceDefinition = definition;
