/**
 * AWS Systems Manager Parameter Store (ssm 2014-11-06, the JSON protocol): parameters per account and region,
 * with versions, and AWS's public Amazon Linux AMI parameters.
 */
import type { Operations } from '../../wire/models/ssm-2014-11-06.js';
import type { AnyServiceDefinition, ServiceDefinition } from '../types.js';
import { deleteParameter, deleteParameters, getParameter, getParameters, putParameter } from './parameters.js';
import { describeParameters, getParametersByPath } from './queries.js';
import { addTagsToResource, listTagsForResource, removeTagsFromResource } from './tags.js';

const definition: ServiceDefinition<Operations> = {
  signingName: 'ssm',
  modelFile: 'ssm-2014-11-06',
  operations: {
    PutParameter: putParameter,
    GetParameter: getParameter,
    GetParameters: getParameters,
    GetParametersByPath: getParametersByPath,
    DeleteParameter: deleteParameter,
    DeleteParameters: deleteParameters,
    DescribeParameters: describeParameters,
    AddTagsToResource: addTagsToResource,
    RemoveTagsFromResource: removeTagsFromResource,
    ListTagsForResource: listTagsForResource,
  },
};

export const ssm: AnyServiceDefinition = definition;
