/**
 * The control plane's handle on the data plane's authorizers (services/apigateway/authorizer-runtime.ts):
 * FlushStageAuthorizersCache empties the pipeline's cache for one stage (nothing is cached before the pipeline
 * has loaded); TestInvokeAuthorizer (authorizer-test-invoke.ts) loads on first use: it pulls in the policy
 * parser, so starting the server costs nothing for it.
 */
import { stageCacheKey } from '../gateway/authorizers/cache.js';
import type { LambdaInvoker } from '../gateway/invocation.js';
import type { AuthorizerRuntime } from '../services/apigateway/authorizer-runtime.js';
import type { LazyPipeline } from './execute-api.js';

export function authorizerRuntime(pipeline: LazyPipeline, invokeLambda: LambdaInvoker): AuthorizerRuntime {
  return {
    flush(scope, restApiId, stageName) {
      pipeline.loaded()?.authorizerCache.flush(stageCacheKey(scope.account, restApiId, stageName));
    },
    async testInvoke(scope, restApiId, authorizer, input) {
      const { testInvokeAuthorizer } = await import('./authorizer-test-invoke.js');
      return testInvokeAuthorizer(pipeline, invokeLambda, scope, restApiId, authorizer, input);
    },
  };
}
