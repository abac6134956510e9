/**
 * Step `resolve`: the API and stage a request names, by its front door; Forbidden for anything it may not
 * reach. A private API is served only through an interface endpoint of its own region, to a connection with a
 * VPC origin; a public API only on the main port.
 */
import type { IncomingMessage } from 'node:http';
import { namedApi } from '../api-host.js';
import type { ServedStage, UnreadableStage } from '../deployments.js';
import { forbidden } from '../gateway-error.js';
import type { RequestRecord } from '../request-log.js';
import type { StepDeps } from './deps.js';
import type { ExecuteApiRequest } from './request.js';

export function resolveStage(request: ExecuteApiRequest, deps: StepDeps): void {
  const { door, req, record } = request;
  const { stageName } = splitStage(request.url);
  if (door.kind === 'public') {
    const served = stageName === undefined ? undefined : servedStage(deps, door.apiId, stageName, record);
    // A private API is never served on a public name; a disabled default endpoint answers 403 (docs/aws-facts.md §1.3).
    if (!served || isPrivate(served) || served.deployment.api.disableExecuteApiEndpoint) throw forbidden();
    return serve(request, served, undefined);
  }
  // Without an instance identity a connection never reaches a private API.
  const origin = door.origin;
  if (!origin) throw forbidden();
  const named = namedApi(req.headers.host, header(req, 'x-apigw-api-id'));
  if (!named) throw forbidden();
  const served = stageName === undefined ? undefined : servedStage(deps, named.apiId, stageName, record);
  // An execute-api endpoint serves its own region's APIs only, whatever account they belong to.
  if (!served || !isPrivate(served) || served.deployment.scope.region !== origin.region) throw forbidden();
  if (named.aliasVpceId !== undefined && (named.aliasVpceId !== origin.vpceId || !served.deployment.vpcEndpointIds.has(origin.vpceId))) throw forbidden();
  serve(request, served, origin);
}

function serve(request: ExecuteApiRequest, served: ServedStage, origin: ExecuteApiRequest['origin']): void {
  request.served = served;
  request.origin = origin;
  request.record.apiId = served.deployment.api.id;
  request.record.stage = served.stage.stageName;
}

/**
 * The stage and the deployment it serves. A deployment that cannot be read serves nothing: Forbidden, as for a
 * stage that does not exist, whichever door the request came through (fail closed); the record says why.
 */
function servedStage(deps: StepDeps, apiId: string, stageName: string, record: RequestRecord): ServedStage | undefined {
  const found = deps.deployments.find(apiId, stageName);
  if (!found || !('unreadable' in found)) return found;
  return refuseUnreadable(deps, found, record);
}

function refuseUnreadable(deps: StepDeps, { apiId, stage, unreadable }: UnreadableStage, record: RequestRecord): never {
  record.apiId = apiId;
  record.stage = stage.stageName;
  record.unreadableDeployment = unreadable;
  const owner = `${apiId}/${unreadable.deploymentId}`;
  deps.warnUnreadable(`deployment/${owner}/${unreadable.reason}`, 'deployment', owner, unreadable.reason);
  throw forbidden();
}

const isPrivate = (served: ServedStage): boolean => served.deployment.api.endpointConfiguration.types[0] === 'PRIVATE';

export function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
}

/**
 * `/{stage}/rest`: the stage is the first segment after any leading slashes; `requestContext.path` keeps the
 * remainder raw (docs/notes/execute-api-data-plane.md §1.1).
 */
export function splitStage(url: string): { stageName: string | undefined; remainder: string; contextPath: string } {
  const path = (url.split('?')[0] ?? '/').replace(/^\/+/, '');
  const slash = path.indexOf('/');
  const stageName = slash < 0 ? path : path.slice(0, slash);
  const remainder = slash < 0 ? '' : path.slice(slash);
  return { stageName: stageName === '' ? undefined : stageName, remainder, contextPath: `/${stageName}${remainder}` };
}
