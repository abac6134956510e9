/**
 * The event a Lambda proxy integration sends (payload format 1.0), as AWS builds it
 * (docs/aws-facts.md §3.1, docs/notes/execute-api-data-plane.md §1.1 and §5.3, recorded events): header names in
 * the client's casing (but `Authorization`), the last value in `headers` and all of them in
 * `multiValueHeaders`, form-decoded query strings, raw (never percent-decoded) paths, empty maps as null,
 * and for private APIs the VPC endpoint headers and identity fields.
 */
import { pooledRandomBytes } from '../shared/ids.js';
import type { CallerFields } from './identity-fields.js';

export interface ProxyEventInput {
  httpMethod: string;
  /** The path after the stage, as routed (leading slashes collapsed, trailing slash kept). */
  path: string;
  /** `/{stage}` followed by the raw remainder of the request path. */
  contextPath: string;
  /** The raw query string, without `?`. */
  query: string;
  /** Node's rawHeaders: name, value, name, value ... in the client's casing and order. */
  rawHeaders: readonly string[];
  body: Buffer;
  /** The body is binary (the API's binaryMediaTypes match its Content-Type): sent base64-encoded. */
  binaryBody: boolean;
  resource: { id: string; path: string };
  pathParameters: Record<string, string> | null;
  stageVariables: Record<string, string> | undefined;
  stage: string;
  apiId: string;
  accountId: string;
  deploymentId: string;
  domainName: string;
  requestId: string;
  extendedRequestId: string;
  sourceIp: string;
  now: Date;
  /** Present for requests through an interface VPC endpoint. */
  vpc?: { vpceId: string; vpcId: string; cipherSuite: string; tlsVersion: string };
  /** What the method's authorizer handed on (`requestContext.authorizer`); absent without one. */
  authorizer?: Readonly<Record<string, unknown>>;
  /** Present for public APIs: the headers API Gateway's front end (and CloudFront, for EDGE) adds. */
  front?: { endpointType: 'EDGE' | 'REGIONAL'; traceId: string; port: string; proto: string };
  /** An AWS_IAM method's signed caller (identity-fields.ts). */
  caller?: CallerFields;
}

const ENDPOINT_HEADERS = new Set(['x-amzn-cipher-suite', 'x-amzn-tls-version', 'x-amzn-vpc-id', 'x-amzn-vpce-config', 'x-amzn-vpce-id', 'x-forwarded-for']);
/** The client's connection and framing are API Gateway's, not the integration's (recorded POST events have no Content-Length). */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'content-length', 'transfer-encoding', 'te', 'upgrade', 'proxy-connection']);
/** Set by the public front end whatever the client sent (X-Forwarded-For is appended to instead). */
const FRONT_HEADERS = new Set(['x-amzn-trace-id', 'x-forwarded-port', 'x-forwarded-proto', 'x-forwarded-for', 'via', 'x-amz-cf-id']);
const CLOUDFRONT_HEADERS = /^cloudfront-/;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number): string => String(n).padStart(2, '0');

/** `04/Mar/2020:19:15:17 +0000`, the common log format API Gateway uses for requestTime. */
export function requestTime(d: Date): string {
  return `${two(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`;
}

const nullIfEmpty = <T extends object>(map: T): T | null => (Object.keys(map).length === 0 ? null : map);

const utf8 = new TextDecoder('utf-8', { fatal: true });

function bodyOf(body: Buffer, binary: boolean): { body: string | null; isBase64Encoded: boolean } {
  if (body.length === 0) return { body: null, isBase64Encoded: false };
  if (!binary) {
    try {
      return { body: utf8.decode(body), isBase64Encoded: false };
    } catch {
      // Not text: API Gateway hands it over base64-encoded.
    }
  }
  return { body: body.toString('base64'), isBase64Encoded: true };
}

/**
 * What a public API's Lambda sees added by the front end (recorded EDGE events, test_lambda_aws_proxy_integration):
 * CloudFront's viewer headers, `Via` and `X-Amz-Cf-Id` for EDGE; the trace id and X-Forwarded-* for both.
 * Gatehouse has no CloudFront: the viewer is a desktop in the US reached over Gatehouse's own port and protocol.
 */
function addFrontHeaders(front: NonNullable<ProxyEventInput['front']>, sourceIp: string, forwardedFor: string[], add: (name: string, value: string) => void): void {
  if (front.endpointType === 'EDGE') {
    add('CloudFront-Forwarded-Proto', front.proto);
    add('CloudFront-Is-Desktop-Viewer', 'true');
    add('CloudFront-Is-Mobile-Viewer', 'false');
    add('CloudFront-Is-SmartTV-Viewer', 'false');
    add('CloudFront-Is-Tablet-Viewer', 'false');
    add('CloudFront-Viewer-ASN', '16509');
    add('CloudFront-Viewer-Country', 'US');
    add('Via', `1.1 ${pooledRandomBytes(16).toString('hex')}.cloudfront.net (CloudFront)`);
    add('X-Amz-Cf-Id', pooledRandomBytes(42).toString('base64url'));
  }
  add('X-Amzn-Trace-Id', front.traceId);
  add('X-Forwarded-For', [...forwardedFor, sourceIp].join(', '));
  add('X-Forwarded-Port', front.port);
  add('X-Forwarded-Proto', front.proto);
}

export function buildProxyEvent(input: ProxyEventInput): Record<string, unknown> {
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  const add = (name: string, value: string): void => {
    headers[name] = value;
    (multiValueHeaders[name] ??= []).push(value);
  };
  const forwardedFor: string[] = [];
  for (let i = 0; i + 1 < input.rawHeaders.length; i += 2) {
    const raw = input.rawHeaders[i]!;
    const lower = raw.toLowerCase();
    // API Gateway sets these itself for requests through an endpoint: a client cannot spoof them.
    if (HOP_BY_HOP.has(lower)) continue;
    if (input.vpc && ENDPOINT_HEADERS.has(lower)) continue;
    if (input.front && (FRONT_HEADERS.has(lower) || CLOUDFRONT_HEADERS.test(lower))) {
      if (lower === 'x-forwarded-for') forwardedFor.push(input.rawHeaders[i + 1]!);
      continue;
    }
    add(lower === 'authorization' ? 'Authorization' : raw, input.rawHeaders[i + 1]!);
  }
  if (input.front) addFrontHeaders(input.front, input.sourceIp, forwardedFor, add);
  if (input.vpc) {
    add('x-amzn-cipher-suite', input.vpc.cipherSuite);
    add('x-amzn-tls-version', input.vpc.tlsVersion);
    add('x-amzn-vpc-id', input.vpc.vpcId);
    add('x-amzn-vpce-config', '1');
    add('x-amzn-vpce-id', input.vpc.vpceId);
    add('X-Forwarded-For', input.sourceIp);
  }
  const queryStringParameters: Record<string, string> = {};
  const multiValueQueryStringParameters: Record<string, string[]> = {};
  for (const [k, v] of new URLSearchParams(input.query)) {
    queryStringParameters[k] = v;
    (multiValueQueryStringParameters[k] ??= []).push(v);
  }
  const userAgent = headers['User-Agent'] ?? headers['user-agent'] ?? null;
  const identity: Record<string, unknown> = {
    accessKey: null,
    accountId: null,
    caller: null,
    cognitoAuthenticationProvider: null,
    cognitoAuthenticationType: null,
    cognitoIdentityId: null,
    cognitoIdentityPoolId: null,
    principalOrgId: null,
    sourceIp: input.sourceIp,
    user: null,
    userAgent,
    userArn: null,
  };
  if (input.caller) Object.assign(identity, input.caller);
  if (input.vpc) {
    identity['vpceId'] = input.vpc.vpceId;
    identity['vpcId'] = input.vpc.vpcId;
  }
  const { body, isBase64Encoded } = bodyOf(input.body, input.binaryBody);
  return {
    resource: input.resource.path,
    path: input.path,
    httpMethod: input.httpMethod,
    headers: nullIfEmpty(headers),
    multiValueHeaders: nullIfEmpty(multiValueHeaders),
    queryStringParameters: nullIfEmpty(queryStringParameters),
    multiValueQueryStringParameters: nullIfEmpty(multiValueQueryStringParameters),
    requestContext: {
      accountId: input.accountId,
      apiId: input.apiId,
      ...(input.authorizer ? { authorizer: input.authorizer } : {}),
      deploymentId: input.deploymentId,
      domainName: input.domainName,
      domainPrefix: input.domainName.split('.')[0],
      extendedRequestId: input.extendedRequestId,
      httpMethod: input.httpMethod,
      identity,
      path: input.contextPath,
      protocol: 'HTTP/1.1',
      requestId: input.requestId,
      requestTime: requestTime(input.now),
      requestTimeEpoch: input.now.getTime(),
      resourceId: input.resource.id,
      resourcePath: input.resource.path,
      stage: input.stage,
    },
    pathParameters: input.pathParameters,
    stageVariables: input.stageVariables && Object.keys(input.stageVariables).length > 0 ? input.stageVariables : null,
    body,
    isBase64Encoded,
  };
}
