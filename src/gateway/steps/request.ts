/**
 * The one typed context an execute-api request carries through the pipeline's steps (steps/order.ts). Each
 * step reads what earlier steps wrote and writes its own product, in AWS's vocabulary: the served stage, the
 * route, the method's ARN and the policy request, the authorizer's output, the answer. Steps that run before
 * a product exists never read it; `routed()` states that for the steps after routing.
 */
import type { IncomingMessage } from 'node:http';
import type { ConnectionOrigin } from '../../domain/ec2.js';
import type { PolicyRequest } from '../../policy/request.js';
import type { ServedStage } from '../deployments.js';
import type { Answer } from '../invocation.js';
import type { RequestRecord } from '../request-log.js';
import type { RouteMatch } from '../router.js';
import type { SignedCaller, SigV4Outcome } from '../sigv4-caller.js';

/**
 * How a request reached API Gateway: through an interface VPC endpoint (private APIs only; the connection's
 * origin is known when an instance made it), or on Gatehouse's main port naming a public API (by the
 * `{api}.execute-api.localhost` host or the `/_aws/execute-api/{api}` path prefix, stripped from `url`).
 */
export type FrontDoor = { kind: 'private'; origin: ConnectionOrigin | undefined } | { kind: 'public'; apiId: string; url: string };

/** What a Lambda or Cognito authorizer hands on: `$context.authorizer` and the proxy event's `requestContext.authorizer`. */
export type AuthorizerOutput = Readonly<Record<string, unknown>>;

export interface ExecuteApiRequest {
  readonly door: FrontDoor;
  readonly req: IncomingMessage;
  readonly body: Buffer;
  readonly requestId: string;
  /** `x-amz-apigw-id`, also the event's `extendedRequestId`. */
  readonly apigwId: string;
  readonly traceId: string;
  readonly now: Date;
  /** The request URL from the stage on. */
  readonly url: string;
  readonly record: RequestRecord;
  /** resolve: the stage and its deployment. */
  served?: ServedStage;
  /** resolve: the connection's VPC origin (private APIs). */
  origin?: ConnectionOrigin | undefined;
  /** route: the resource and method, the path as routed, the method ARN and the request the policies see. */
  routing?: Routing;
  /** endpoint-policy or authorization: the request's SigV4 outcome, checked once when a step first asks (steps/iam-caller.ts). */
  signed?: SigV4Outcome;
  /** authorization: an AWS_IAM method's caller, authenticated and allowed. */
  caller?: SignedCaller;
  /** authorization: what a Lambda or Cognito authorizer hands on to the integration. */
  authorizer?: AuthorizerOutput;
  /** authorization: the API key a Lambda authorizer named (`usageIdentifierKey`), for apiKeySource AUTHORIZER. */
  usageIdentifierKey?: string;
  /** integration: the answer. */
  answer?: Answer;
}

export interface Routing {
  route: RouteMatch;
  /** The path after the stage, as routed (leading slashes collapsed). */
  routedPath: string;
  /** `/{stage}` followed by the raw remainder of the request path. */
  contextPath: string;
  /** `arn:aws:execute-api:{region}:{account}:{api}/{stage}/{METHOD}/{path}`. */
  resourceArn: string;
  /** Who asks for what, as the VPC endpoint and resource policies see it. */
  policyRequest: PolicyRequest;
}

/** The request once resolved and routed: what every step after `route` may rely on. */
export interface RoutedRequest extends ExecuteApiRequest {
  served: ServedStage;
  routing: Routing;
}

export function routed(request: ExecuteApiRequest): RoutedRequest {
  if (!request.served || !request.routing) throw new Error('the pipeline ran a step that needs a routed request before routing');
  return request as RoutedRequest;
}
