/**
 * What the control plane asks of the data plane's authorizers (the server hands it in the operation context,
 * as it hands Lambda its host): FlushStageAuthorizersCache empties a stage's cached results, and
 * TestInvokeAuthorizer runs an authorizer as a request would, without a request.
 */
import type { Authorizer } from '../../domain/apigateway.js';
import type { Scope } from '../../shared/accounts.js';
import type { Operations } from '../../wire/models/apigateway-2015-07-09.js';

export type TestInvokeAuthorizerInput = Operations['TestInvokeAuthorizer']['input'];
export type TestInvokeAuthorizerOutput = Operations['TestInvokeAuthorizer']['output'];

export interface AuthorizerRuntime {
  flush(scope: Scope, restApiId: string, stageName: string): void;
  testInvoke(scope: Scope, restApiId: string, authorizer: Authorizer, input: TestInvokeAuthorizerInput): Promise<TestInvokeAuthorizerOutput>;
}
