/**
 * Gatehouse's own routes on the main port, `/_gatehouse/*`, as a table: each a method, a path pattern and a
 * handler that gets the whole request (the log stream alone answers as it goes). Only this server's own
 * origin may call them (same-origin.ts): they hold request records and make instances send requests.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { RequestRecord } from '../gateway/request-log.js';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pendingConfirmationCode } from '../services/cognito-idp/users.js';
import { lambdaFunctionArn } from '../shared/arns.js';
import { systemClock } from '../shared/clock.js';
import type { WireRequest, WireResponse } from '../wire/types.js';
import type { App, Services } from './app.js';
import { FunctionLogs } from './function-logs.js';
import { json, send } from './http-answers.js';
import { foreignOrigin } from './same-origin.js';
import { VERSION } from './version.js';

interface InternalRoute {
  method: 'GET' | 'POST';
  /** The whole path; its groups are handed to the handler. */
  path: RegExp;
  handle(app: App, services: Services, request: WireRequest, params: string[]): Promise<WireResponse> | WireResponse;
}

const ROUTES: readonly InternalRoute[] = [
  { method: 'GET', path: /^\/_gatehouse\/health$/, handle: health },
  { method: 'POST', path: /^\/_gatehouse\/reset$/, handle: reset },
  { method: 'GET', path: /^\/_gatehouse\/network$/, handle: networkRoute },
  { method: 'GET', path: /^\/_gatehouse\/requests(?:\/([^/]+))?$/, handle: requestsRoute },
  { method: 'POST', path: /^\/_gatehouse\/send$/, handle: sendRoute },
  { method: 'GET', path: /^\/_gatehouse\/reachability$/, handle: reachability },
  { method: 'GET', path: /^\/_gatehouse\/lambda\/code\/([0-9a-f]{64})\.zip$/, handle: lambdaCode },
  { method: 'GET', path: /^\/_gatehouse\/cognito-idp\/([\w-]+_[0-9a-zA-Z]+)\/users\/([^/]+)\/confirmation-code$/, handle: confirmationCode },
];

/** The path prefix of every internal route. */
export const INTERNAL_PREFIX = '/_gatehouse/';

/** A request under /_gatehouse/ (other than the console and the log stream, which front-door.ts routes first). */
export async function internalRoute(app: App, services: Services, request: WireRequest): Promise<WireResponse> {
  const refused = foreignOrigin(request.headers, app.resolved.host);
  if (refused) return foreign(refused);
  for (const route of ROUTES) {
    if (route.method !== request.method) continue;
    const match = route.path.exec(request.path);
    // Groups that did not take part are undefined (an optional id).
    if (match) return await route.handle(app, services, request, match.slice(1) as string[]);
  }
  return json(404, { message: `No Gatehouse route ${request.method} ${request.path}` });
}

const foreign = (refused: string): WireResponse => json(403, { message: `Gatehouse answers its own routes only for its own origin (${refused}).` });

function health(_app: App, services: Services): WireResponse {
  const byService = Object.fromEntries(services.endpoints.map((e) => [e.definition.signingName, Object.keys(e.definition.operations).length > 0 ? 'available' : 'model-only']));
  return json(200, { status: 'running', version: VERSION, services: byService });
}

/** POST /_gatehouse/reset: empties the store and S3's bodies, stops every execution environment, forgets requests and logs. */
function reset(app: App, services: Services): WireResponse {
  app.store.reset();
  // No document names a body any more; one being uploaded right now is left to fail its commit (no bucket).
  services.objects.sweep(() => false, { keepTemporary: true });
  services.lambdaHost.dispose();
  services.lambdaHost.changed();
  app.functionLogs.clear();
  app.pipeline.loaded()?.requests.clear();
  app.network.changed();
  return json(200, { reset: true });
}

/** The reachability map: every instance against every deployed private API stage (the console's Network page). */
async function reachability(app: App): Promise<WireResponse> {
  const [{ reachabilityMap }, network] = await Promise.all([import('./reachability.js'), app.network.get()]);
  return json(200, reachabilityMap(app.store, network.snapshot(), systemClock.now()));
}

/**
 * Recent execute-api requests (`gatehouse explain`): GET /_gatehouse/requests[?limit=N][&denied=1][&api=ID]
 * lists them, newest last; GET /_gatehouse/requests/{id} gives one with each policy decision explained.
 */
async function requestsRoute(app: App, _services: Services, request: WireRequest, [id]: string[]): Promise<WireResponse> {
  const [pipeline, { explainedRecord }] = await Promise.all([app.pipeline(), import('../gateway/request-log.js')]);
  if (id === undefined) {
    const query = new URLSearchParams(request.query);
    const limit = Number(query.get('limit') ?? '100');
    // ?denied=1: only the requests API Gateway refused before any integration answered: 403 (a policy, a name it
    // does not serve, an API key), 401 (an authorizer), 429 (throttling), and an authorizer's 500; ?api=ID.
    const denied = query.get('denied') === '1';
    const api = query.get('api');
    const refused = (r: RequestRecord): boolean => r.status === 403 || r.status === 401 || r.status === 429 || r.errorType === 'AuthorizerConfigurationException';
    const which = denied || api !== null ? (r: RequestRecord) => (!denied || refused(r)) && (api === null || r.apiId === api) : undefined;
    // The list leaves out each request's Lambda event and log: the Requests view polls it every second.
    const recent = pipeline.requests.recent(Number.isInteger(limit) && limit > 0 ? limit : 100, which);
    return json(200, { requests: recent.map(({ lambda: _, ...record }) => explainedRecord(record)) });
  }
  const record = pipeline.requests.get(decodeURIComponent(id));
  if (!record) return json(404, { message: `Gatehouse has no record of request ${decodeURIComponent(id)} (it keeps the last 1000 execute-api requests).` });
  return json(200, explainedRecord(record));
}

/**
 * The console's Test: POST /_gatehouse/send {instanceId, method, url, headers, body} sends the request from
 * that instance and answers what came back, with API Gateway's record of it. Only the console's own origin
 * may ask, as a page elsewhere must not make instances send requests.
 */
async function sendRoute(app: App, _services: Services, request: WireRequest): Promise<WireResponse> {
  const [{ SendRequest, sendFromInstance }, { explainedRecord }, network] = await Promise.all([import('./send-from-instance.js'), import('../gateway/request-log.js'), app.network.get()]);
  let body: unknown;
  try {
    body = JSON.parse(request.body.toString('utf8'));
  } catch {
    return json(400, { message: 'The request body must be JSON: {"instanceId", "method", "url", "headers", "body"}' });
  }
  const parsed = SendRequest.safeParse(body);
  if (!parsed.success) return json(400, { message: parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ') });
  const result = await sendFromInstance({ network, record: (id) => app.pipeline.loaded()?.requests.get(id), explain: explainedRecord }, parsed.data);
  return 'error' in result ? json(400, { message: result.error }) : json(200, result);
}

/** GetFunction's Code.Location: the deployment package, as S3 would serve it. */
function lambdaCode(_app: App, services: Services, _request: WireRequest, [sha]: string[]): WireResponse {
  const path = services.lambdaHost.zipPath(sha!);
  if (!existsSync(path)) return json(404, { message: 'No such deployment package' });
  return { status: 200, headers: { 'Content-Type': 'application/zip' }, body: readFileSync(path) };
}

/** How `gatehouse exec` gets onto an instance: the proxy, the CA, the listeners, and the instance if one is named. */
async function networkRoute(app: App, _services: Services, request: WireRequest): Promise<WireResponse> {
  const network = await app.network.get();
  const instanceId = new URLSearchParams(request.query).get('instanceId');
  const info = await network.info();
  if (instanceId === null) return json(200, info);
  const instance = network.instance(instanceId);
  if (!instance) return json(404, { message: `There is no instance ${instanceId} (RunInstances creates one; DescribeInstances lists them).` });
  // Its metadata service's loopback listener (opened now if need be), which exec points SDKs at.
  return json(200, { ...info, instance, imds: await network.imdsEndpoint(instanceId) });
}

/**
 * `gatehouse logs`: GET /_gatehouse/lambda/logs?function=NAME[&region=][&account=][&follow=1] answers the
 * function's recent invocation logs as text, then (follow) each new invocation's log as it happens.
 */
export function streamFunctionLogs(app: App, req: IncomingMessage, res: ServerResponse): void {
  const refused = foreignOrigin(req.headers, app.resolved.host);
  if (refused) {
    send(res, foreign(refused));
    return;
  }
  const query = new URL(req.url ?? '/', 'http://gatehouse').searchParams;
  const name = query.get('function');
  if (!name) {
    send(res, json(400, { message: 'Name the function: ?function=NAME' }));
    return;
  }
  const scope = { account: query.get('account') ?? app.resolved.defaultAccount, region: query.get('region') ?? app.resolved.region };
  const key = FunctionLogs.key(scope.account, scope.region, name);
  // A deleted function's logs stay readable (as its log group does); a name never seen is an error.
  if (app.functionLogs.recent(key) === '' && !app.store.table('lambda_functions').has(scope, '', name)) {
    send(res, json(404, { message: `Function not found: ${lambdaFunctionArn(scope, name)}` }));
    return;
  }
  res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.write(app.functionLogs.recent(key));
  if (query.get('follow') !== '1') {
    res.end();
    return;
  }
  const stop = app.functionLogs.follow(key, (log) => res.write(log));
  req.on('close', stop);
}

/**
 * GET /_gatehouse/cognito-idp/{poolId}/users/{username}/confirmation-code: the code SignUp "sent" (Gatehouse sends
 * no mail), for ConfirmSignUp. 404 when the user has none pending.
 */
function confirmationCode(app: App, _services: Services, _request: WireRequest, [poolId, username]: string[]): WireResponse {
  const ctx = { scope: { account: '', region: '' }, accessKeyId: undefined, requestId: '', store: app.store, clock: systemClock };
  let code: string | undefined;
  try {
    code = pendingConfirmationCode(ctx, poolId!, decodeURIComponent(username!));
  } catch {
    code = undefined;
  }
  return code === undefined ? json(404, { message: `No confirmation code is pending for ${username} in ${poolId}.` }) : json(200, { code });
}
