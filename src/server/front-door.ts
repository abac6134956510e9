/**
 * The main port's one request handler (served over HTTP, and over TLS to instances reaching AWS service names):
 * an ordered table of routes, each naming which requests it takes. The first five answer from the raw request
 * (a log stream, static files, execute-api, Cognito pools' public endpoints, S3 with its streamed bodies); the rest read the body whole and go to
 * Gatehouse's own routes or to the AWS service the SigV4 scope names (or, unsigned, whose model has the operation).
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { systemClock } from '../shared/clock.js';
import { ServiceError } from '../shared/errors.js';
import { requestId as newRequestId } from '../shared/ids.js';
import { credentialScope } from '../wire/sigv4.js';
import type { WireRequest, WireResponse } from '../wire/types.js';
import type { App } from './app.js';
import { accountOf } from './caller-account.js';
import { cognitoTarget, serveCognito } from './cognito-route.js';import { isConsoleRequest, serveConsole } from './console-route.js';
import { publicApiTarget } from './execute-api.js';
import { checkCaller } from './request-auth.js';
import { s3Target, serveS3 } from './s3-route.js';
import { internalError, jsonError, readBody, send, toWireRequest } from './http-answers.js';
import { INTERNAL_PREFIX, internalRoute, streamFunctionLogs } from './internal-routes.js';
import { s3ContextPart } from './s3-context.js';

interface FrontRoute {
  name: string;
  /** Takes the request (and answers it) or declines with false. */
  take(app: App, req: IncomingMessage, res: ServerResponse): boolean;
}

const LOG_STREAM = /^\/_gatehouse\/lambda\/logs(?:$|\?)/;

const FRONT_ROUTES: readonly FrontRoute[] = [
  {
    name: 'function logs (a stream)',
    take: (app, req, res) => LOG_STREAM.test(req.url ?? '') && (streamFunctionLogs(app, req, res), true),
  },
  {
    name: 'the console',
    take: (app, req, res) => {
      if (!isConsoleRequest(req.url)) return false;
      serveConsole(req, res, { listenHost: app.resolved.host }).catch((error: unknown) => fail(app, res, error, 'console request failed', req));
      return true;
    },
  },
  {
    name: 'public APIs (execute-api on the main port)',
    take: (app, req, res) => {
      const target = publicApiTarget(req);
      if (!target) return false;
      app
        .pipeline()
        .then((pipeline) => pipeline.handlePublic(req, res, target.apiId, target.url))
        .catch((error: unknown) => fail(app, res, error, 'execute-api request failed', req));
      return true;
    },
  },
  {
    name: "Cognito user pools' public endpoints (JWKS, OpenID configuration, token)",
    take: (app, req, res) => {
      const target = cognitoTarget(req);
      if (!target) return false;
      serveCognito(app, req, res, target).catch((error: unknown) => fail(app, res, error, 'cognito request failed', req));
      return true;
    },
  },
  {
    name: 'S3 (bodies streamed both ways)',
    take: (app, req, res) => {
      const target = s3Target(req);
      if (!target) return false;
      serveS3(app, req, res, target).catch((error: unknown) => fail(app, res, error, 's3 request failed', req));
      return true;
    },
  },
  {
    name: "Gatehouse's own routes and the AWS services",
    take: (app, req, res) => {
      readBody(req)
        .then((body) => answer(app, toWireRequest(req, body)))
        .then((response) => send(res, response))
        .catch((error: unknown) => {
          if (error instanceof ServiceError) {
            if (!res.headersSent) send(res, jsonError(error, newRequestId()));
            return;
          }
          fail(app, res, error, 'request failed', req);
        });
      return true;
    },
  },
];

export function frontDoor(app: App): RequestListener {
  return (req, res) => {
    for (const route of FRONT_ROUTES) if (route.take(app, req, res)) return;
  };
}

/** A failure of Gatehouse's own: logged, and answered as AWS's InternalFailure (or the connection cut mid-answer). */
function fail(app: App, res: ServerResponse, error: unknown, message: string, req: IncomingMessage): void {
  app.logger.error({ err: error, method: req.method, url: req.url }, message);
  if (!res.headersSent) send(res, internalError());
  else res.destroy();
}

async function answer(app: App, request: WireRequest): Promise<WireResponse> {
  const services = await app.services();
  if (request.path.startsWith(INTERNAL_PREFIX)) return await internalRoute(app, services, request);
  const scope = credentialScope(request.headers, request.query);
  const requestId = newRequestId();
  // An unsigned request is S3's only by its Host (the S3 route took those): S3's templates match almost any path.
  const endpoint = scope ? services.bySigningName.get(scope.service) : services.endpoints.find((e) => e.definition.signingName !== 's3' && e.matches(request));
  if (!endpoint) {
    const message = scope ? `Gatehouse does not emulate the AWS service '${scope.service}'.` : 'Gatehouse could not tell which AWS service this request is for: sign it with SigV4.';
    return jsonError(new ServiceError('NotImplementedException', message, 501), requestId);
  }
  try {
    checkCaller(app, request, endpoint.family, systemClock.now(), () => endpoint.protocol.match(request)?.operation.unsigned === true);
  } catch (error) {
    if (error instanceof ServiceError) return endpoint.protocol.serializeError(error, requestId);
    throw error;
  }
  const ctx = {
    scope: { account: accountOf(app, scope?.accessKeyId), region: scope?.region ?? app.resolved.region },
    accessKeyId: scope?.accessKeyId,
    requestId,
    store: app.store,
    clock: systemClock,
    lambdaHost: services.lambdaHost,
    ...s3ContextPart(services),
    stacks: services.stacks,
    authorizers: app.authorizers,
  };
  const response = await endpoint.handle(request, ctx);
  app.logger.debug({ service: endpoint.definition.signingName, method: request.method, path: request.path, status: response.status }, 'aws request');
  return response;
}
