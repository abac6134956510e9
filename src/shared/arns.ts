/**
 * ARNs Gatehouse builds, one builder per kind, so every place that names the same thing names it the same way
 * (a resource policy, a Lambda permission's SourceArn and `gatehouse explain` must agree to the character).
 */
import type { Scope } from './accounts.js';

/** `arn:aws:execute-api:{region}:{account}:{api}`: what `execute-api:/…` in a resource policy expands under. */
export const executeApiArn = (scope: Scope, apiId: string): string => `arn:aws:execute-api:${scope.region}:${scope.account}:${apiId}`;

/**
 * `arn:aws:execute-api:{region}:{account}:{api}/{stage}/{METHOD}/{path}`: a method request as policies see it
 * (the requested path) and as a Lambda integration's SourceArn names it (the resource's path). `path` starts
 * with `/`; stage and method may be `*`.
 */
export const executeApiMethodArn = (scope: Scope, apiId: string, stage: string, method: string, path: string): string => `${executeApiArn(scope, apiId)}/${stage}/${method}${path}`;

/** `arn:aws:lambda:{region}:{account}:function:{name}[:{qualifier}]`. */
export const lambdaFunctionArn = (scope: Scope, name: string, qualifier?: string): string =>
  `arn:aws:lambda:${scope.region}:${scope.account}:function:${name}${qualifier === undefined ? '' : `:${qualifier}`}`;

/** `arn:aws:lambda:{region}:{account}:layer:{name}`: a layer (LayerArn). */
export const lambdaLayerArn = (scope: Scope, name: string): string => `arn:aws:lambda:${scope.region}:${scope.account}:layer:${name}`;

/** `arn:aws:lambda:{region}:{account}:layer:{name}:{version}`: one version of a layer (LayerVersionArn). */
export const lambdaLayerVersionArn = (scope: Scope, name: string, version: number): string => `${lambdaLayerArn(scope, name)}:${version}`;

/** A Lambda integration's `uri`: `arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{function ARN}/invocations`. */
export const lambdaIntegrationUri = (region: string, functionArn: string): string => `arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/${functionArn}/invocations`;
