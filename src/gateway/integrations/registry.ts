/**
 * Integrations, one record per integration type: the pipeline hands a routed, authorized request to the
 * handler of its method's integration type and answers what it returns (or the GatewayError it throws).
 */
import type { Integration } from '../../domain/apigateway.js';
import type { Clock } from '../../shared/clock.js';
import type { Answer, Invocation, LambdaInvoker } from '../invocation.js';
import { awsIntegration } from './aws.js';
import { httpIntegration, httpProxyIntegration } from './http.js';
import { lambdaProxyIntegration } from './lambda-proxy.js';
import { mockIntegration } from './mock.js';

export interface IntegrationDeps {
  invokeLambda: LambdaInvoker;
  clock: Clock;
}

export type IntegrationHandler = (invocation: Invocation, integration: Integration, deps: IntegrationDeps) => Promise<Answer>;

export const INTEGRATIONS: Readonly<Record<string, IntegrationHandler>> = {
  AWS_PROXY: lambdaProxyIntegration,
  AWS: awsIntegration,
  HTTP: httpIntegration,
  HTTP_PROXY: httpProxyIntegration,
  MOCK: mockIntegration,
};
