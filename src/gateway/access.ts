/**
 * Who may call a deployed private API through an endpoint, answered without sending a request: the two
 * policies API Gateway evaluates (the VPC endpoint's, then the API's resource policy) for each of the API's
 * methods, with the request context a caller on an instance would have. The console's reachability map asks
 * this for every instance, endpoint and API; the pipeline answers the same question per request.
 */
import { executeApiMethodArn } from '../shared/arns.js';
import type { ConnectionOrigin } from '../domain/ec2.js';
import { evaluatePolicy } from '../policy/evaluate.js';
import { requestKeys, type PolicyRequest, type RequestKeys } from '../policy/request.js';
import type { Method } from '../domain/apigateway.js';
import type { ServedStage } from './deployments.js';
import { decisionReason, denyingPolicy, type PolicyDecision } from './request-log.js';
import type { StoredPolicy } from './stored-policy.js';

/**
 * The condition keys of a request that came through an interface endpoint: a VPC identity and no public
 * source IP (docs/aws-facts.md §2.3).
 */
export function endpointRequestKeys(origin: ConnectionOrigin, now: Date, userAgent: string | undefined, referer: string | undefined): RequestKeys {
  return requestKeys({
    'aws:CurrentTime': now.toISOString(),
    'aws:EpochTime': String(Math.floor(now.getTime() / 1000)),
    'aws:UserAgent': userAgent,
    'aws:Referer': referer,
    'aws:SourceVpce': origin.vpceId,
    'aws:SourceVpc': origin.vpcId,
    'aws:VpcSourceIp': origin.sourceIp,
    'aws:SecureTransport': 'true',
  });
}

/** One policy's decision on a request: evaluated, or unreadable (which denies: stored-policy.ts). */
export function decidePolicy(kind: PolicyDecision['policy'], owner: string, policy: StoredPolicy, request: PolicyRequest): PolicyDecision {
  if ('unreadable' in policy) return { policy: kind, owner, evaluation: undefined, unreadable: policy.unreadable };
  return { policy: kind, owner, evaluation: evaluatePolicy(policy.document, request) };
}

export interface MethodAccess {
  /** `GET /pets/{id}`. */
  method: string;
  allowed: boolean;
  /** Which policy decided and why, in one sentence. */
  reason: string;
}

/**
 * Each method of the stage's deployment, decided for a caller at `origin` (a request naming the resource's
 * path as written, `{id}` included, with no User-Agent or Referer). A policy that cannot be read refuses every
 * request, as in the pipeline.
 */
export function methodAccess(served: ServedStage, origin: ConnectionOrigin, endpointPolicy: StoredPolicy, now: Date): MethodAccess[] {
  const { scope, api, resources, policy } = served.deployment;
  const keys = endpointRequestKeys(origin, now, undefined, undefined);
  const decide = (httpMethod: string, path: string, method: Method | undefined): { allowed: boolean; reason: string } => {
    const resourceArn = executeApiMethodArn(scope, api.id, served.stage.stageName, httpMethod, path);
    const request: PolicyRequest = { principal: { kind: 'anonymous' }, action: 'execute-api:Invoke', resource: resourceArn, keys };
    const policies: PolicyDecision[] = [decidePolicy('vpc-endpoint', origin.vpceId, endpointPolicy, request)];
    if (policies[0]!.evaluation?.decision === 'Allow') policies.push(policy ? decidePolicy('resource', api.id, policy, request) : { policy: 'resource', owner: api.id, evaluation: undefined });
    // The request log's sentence, so the map and `gatehouse explain` say the same thing.
    const allowed = denyingPolicy({ door: 'private', policies }) === undefined;
    const reason = decisionReason({ door: 'private', policies }) ?? '';
    return withCallerChecks(method, served, policies, allowed, reason);
  };
  const out: MethodAccess[] = [];
  for (const resource of resources) {
    for (const httpMethod of Object.keys(resource.resourceMethods ?? {}).sort()) {
      const method = resource.resourceMethods?.[httpMethod];
      if (httpMethod !== 'ANY') {
        out.push({ method: `${httpMethod} ${resource.path}`, ...decide(httpMethod, resource.path, method) });
        continue;
      }
      // ANY serves every method, and a request's ARN names its own: one line when they all get the same answer.
      const verbs = ANY_VERBS.map((verb) => ({ method: `ANY ${resource.path} as ${verb}`, ...decide(verb, resource.path, method) }));
      if (verbs.every((v) => v.allowed === verbs[0]!.allowed)) out.push({ ...verbs[0]!, method: `ANY ${resource.path}` });
      else out.push(...verbs);
    }
  }
  return out;
}

const ANY_VERBS = ['GET', 'DELETE', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'];

/**
 * A method that checks its caller (an authorizer, SigV4) is reachable when the network and the policies let a
 * request get that far: Table A (CUSTOM, AWS_IAM in the API's account) needs only the resource policy not to
 * deny explicitly; a Cognito method needs its explicit Allow. The reason says who decides next.
 */
function withCallerChecks(method: Method | undefined, served: ServedStage, policies: PolicyDecision[], allowed: boolean, reason: string): { allowed: boolean; reason: string } {
  const type = method?.authorizationType ?? 'NONE';
  if (type === 'NONE' || policies[0]?.evaluation?.decision !== 'Allow') return { allowed, reason };
  const resource = policies[1];
  const unreadable = resource?.unreadable !== undefined;
  const explicitDeny = resource?.evaluation?.decision === 'ExplicitDeny';
  const authorizer = method?.authorizerId === undefined ? undefined : served.deployment.authorizers.get(method.authorizerId);
  const who = type === 'AWS_IAM' ? 'the SigV4 caller\'s IAM policies decide with the resource policy (Table A in the account, Table B across accounts)' : `the ${type === 'CUSTOM' ? 'Lambda' : 'Cognito user pool'} authorizer ${authorizer?.name ?? method?.authorizerId ?? ''} decides for each caller`;
  if (unreadable || explicitDeny) return { allowed: false, reason };
  if (type === 'COGNITO_USER_POOLS' && !allowed) return { allowed, reason: `${reason}; a Cognito user pool method needs the resource policy's explicit Allow` };
  return { allowed: true, reason: `${reason}; then ${who}` };
}
