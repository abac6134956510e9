/**
 * The typed context one execute-api request carries through the pipeline once it has been routed, and the
 * answer an integration (or a failure) produces.
 */
import type { IncomingMessage } from 'node:http';
import type { ConnectionOrigin } from '../domain/ec2.js';
import type { ServedStage } from './deployments.js';
import type { RequestRecord } from './request-log.js';
import type { RouteMatch } from './router.js';
import type { SignedCaller } from './sigv4-caller.js';

export interface Invocation {
  requestId: string;
  /** `x-amz-apigw-id`, also the event's `extendedRequestId`. */
  apigwId: string;
  now: Date;
  req: IncomingMessage;
  body: Buffer;
  /** Present when the request came through an interface VPC endpoint (a private API). */
  origin: ConnectionOrigin | undefined;
  /** The caller's address as API Gateway sees it: the private IP through an endpoint, else the peer address. */
  sourceIp: string;
  served: ServedStage;
  route: RouteMatch;
  /** The request's method, upper case. */
  httpMethod: string;
  /** The path after the stage, as routed (leading slashes collapsed). */
  routedPath: string;
  /** `/{stage}` followed by the raw remainder of the request path. */
  contextPath: string;
  /** The raw query string, without `?`. */
  query: string;
  /** The Host the client named, without its port. */
  domainName: string;
  /** `Root=1-…`: sent to the integration and back to the client on success. */
  traceId: string;
  /** Public APIs only: how the client reached Gatehouse's main port, and the API's endpoint type. */
  front?: { endpointType: 'EDGE' | 'REGIONAL'; port: string; proto: string };
  /** `arn:aws:execute-api:{region}:{account}:{api}/{stage}/{METHOD}/{path}`, the resource policies see. */
  resourceArn: string;
  /** An AWS_IAM method's caller, once authenticated and authorized: `requestContext.identity` and `$context.identity` name it. */
  caller?: SignedCaller;
  /** What the method's Lambda or Cognito authorizer handed on (`requestContext.authorizer`, `$context.authorizer`). */
  authorizer?: Readonly<Record<string, unknown>>;
  /** The request's record (`gatehouse explain`, the console), where an integration notes what it sent. */
  record: Pick<RequestRecord, 'lambda'>;
}

export interface Answer {
  status: number;
  headers: Array<[string, string]>;
  body: Buffer;
  /** Successful integration answers carry a trace id; gateway errors do not. */
  traced: boolean;
}

/** How integrations call Lambda: as API Gateway, from a source ARN; rejects with Lambda's error names. */
export type LambdaInvoker = (
  functionArn: string,
  payload: string,
  /** `role`: the IAM role API Gateway assumes to call (an authorizer's authorizerCredentials), instead of the function's policy. */
  caller: { sourceArn: string; role?: string },
) => Promise<{ kind: 'success' | 'error'; payload: string; log?: string }>;
