/**
 * S3's door on the main port, streaming both ways: which requests are S3's (signed for `s3`, in the
 * Authorization header or a presigned query, or with S3's legacy SigV2, or unsigned to an S3 host name:
 * anonymous, `accessKeyId` undefined, for the bucket policy to decide), the signature checked where the secret is known, a
 * virtual-hosted request rewritten to the path style, and the service's protocol (rest-xml) run with the body
 * still a stream: the handler of PutObject/UploadPart reads it; a Readable output is piped to the client.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { systemClock } from '../shared/clock.js';
import { ServiceError } from '../shared/errors.js';
import { knownSecret } from '../shared/known-secrets.js';
import { loadServiceModel } from '../wire/model.js';
import { RestXmlProtocol, s3RequestId } from '../wire/rest-xml.js';
import { pathStyle, s3Host } from '../wire/s3-addressing.js';
import { credentialScope, type CredentialScope } from '../wire/sigv4.js';
import { checkSigV2Expiry, sigV2Credential, verifySigV2Query, type SigV2Credential } from '../wire/sigv2.js';
import { isPresignedQuery, verifySignature, type ChunkSigning } from '../wire/sigv4-verify.js';
import type { Protocol, WireRequest, WireResponse } from '../wire/types.js';
import type { App } from './app.js';
import { accountOf } from './caller-account.js';
import { checkCaller, checkSigV2Caller } from './request-auth.js';
import { LAMBDA_PACKAGE_BUCKET, packageKeyOf } from './lambda-code-urls.js';
import type { LocalLambdaHost } from './lambda-host.js';
import { s3ContextPart } from './s3-context.js';
import { send } from './http-answers.js';

const S3_MODEL = 's3-2006-03-01';
const EMPTY = Buffer.alloc(0);

export interface S3Target {
  scope: CredentialScope | undefined;
  /** A legacy SigV2 signature (boto3's default presigned URLs): its key, and its expiry, not verified. */
  sigV2: SigV2Credential | undefined;
  /** The bucket a virtual-hosted Host names. */
  bucket: string | undefined;
  /** The region a Host names (used for unsigned requests). */
  region: string | undefined;
}

/** Whether the request is S3's, and how it is addressed. */
export function s3Target(req: IncomingMessage): S3Target | undefined {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const headers = req.headers as Record<string, string | undefined>;
  const query = q < 0 ? '' : url.slice(q + 1);
  const scope = credentialScope(headers, query);
  // SigV2 survives only in S3: such a request is S3's whatever its Host.
  const sigV2 = scope ? undefined : sigV2Credential(headers, query);
  const host = s3Host(req.headers.host);
  if (scope ? scope.service !== 's3' : !host && !sigV2) return undefined;
  return { scope, sigV2, bucket: host?.bucket, region: host?.region };
}

let fallbackProtocol: RestXmlProtocol | undefined;

/** Answers one S3 request; rejects only on Gatehouse's own failures (the caller logs them). */
export async function serveS3(app: App, req: IncomingMessage, res: ServerResponse, target: S3Target): Promise<void> {
  const requestId = s3RequestId();
  const request = toStreamedRequest(req);
  const services = await app.services();
  const endpoint = services.bySigningName.get('s3');
  const protocol = endpoint?.protocol ?? (fallbackProtocol ??= new RestXmlProtocol(loadServiceModel(S3_MODEL)));
  let response: WireResponse;
  try {
    // The signature covers the request as sent: checked before the virtual-hosted path is rewritten. A header
    // signature is checked for the keys Gatehouse issued, and for every key under --strict-auth
    // (request-auth.ts); a presigned URL's whenever Gatehouse knows the key, since a link is handed to others
    // and must not be altered into another request.
    const check = checkCaller(app, request, 'rest-xml', systemClock.now());
    const checked = check.secret;
    const secretOf = checked !== undefined ? () => checked : isPresignedQuery(request.query) ? knownSecret : unchecked;
    const signing = verifySignature(request, systemClock.now(), secretOf);
    if (signing) request.chunkSigning = signing;
    if (target.sigV2) {
      const v2Secret = checkSigV2Caller(app, request, target.sigV2.accessKeyId, systemClock.now());
      checkSigV2Expiry(target.sigV2, systemClock.now());
      verifySigV2Query(request, target.bucket !== undefined ? `/${target.bucket}${request.path}` : request.path, v2Secret !== undefined ? () => v2Secret : knownSecret);
    }
    if (target.bucket !== undefined) request.path = pathStyle(request.path, target.bucket);
    // An object in Lambda's own bucket is a package (bucket operations go to S3, which says the name is taken).
    if (LAMBDA_PACKAGE_BUCKET.test(firstSegment(request.path)) && request.path.split('/').slice(2).join('/') !== '') {
      send(res, lambdaPackage(services.lambdaHost, request, signing, protocol, requestId));
      return;
    }
    if (!endpoint) throw new ServiceError('NotImplemented', 'Gatehouse does not implement S3 yet.', 501);
    const accessKeyId = target.scope?.accessKeyId ?? target.sigV2?.accessKeyId;
    const ctx = {
      scope: { account: accountOf(app, accessKeyId), region: target.scope?.region ?? target.region ?? app.resolved.region },
      accessKeyId,
      requestId,
      store: app.store,
      clock: systemClock,
      lambdaHost: services.lambdaHost,
      ...s3ContextPart(services),
      stacks: services.stacks,
    };
    try {
      response = await endpoint.handle(request, ctx);
    } finally {
      // What the handler left unread (it failed before reading, or needed no body) is drained, so the client can
      // finish sending and read the answer; a decoder left piped would hold the request paused for good.
      if (!req.readableEnded) {
        req.unpipe();
        req.resume();
      }
    }
  } catch (error) {
    if (error instanceof ServiceError) response = protocol.serializeError(error, requestId);
    else {
      // A failure of Gatehouse's own, answered as S3 answers one.
      app.logger.error({ err: error, method: request.method, url: req.url }, 's3 request failed');
      response = protocol.serializeError(new ServiceError('InternalError', 'We encountered an internal error. Please try again.', 500), requestId);
    }
  }
  // An answer to HEAD has no body, errors included.
  if (request.method === 'HEAD' && response.status >= 300) response = { ...response, body: '' };
  app.logger.debug({ service: 's3', method: request.method, path: request.path, status: response.status }, 'aws request');
  try {
    send(res, response);
  } catch (error) {
    // An answer Node cannot write (a header it refuses): logged, and answered as S3 answers its own failures.
    if (res.headersSent) throw error;
    app.logger.error({ err: error, method: request.method, url: req.url }, 's3 answer could not be written');
    send(res, protocol.serializeError(new ServiceError('InternalError', 'We encountered an internal error. Please try again.', 500), requestId));
  }
}

const unchecked = (): undefined => undefined;

const firstSegment = (path: string): string => path.split('/')[1] ?? '';

/**
 * A package in Lambda's own bucket (GetFunction's Code.Location): only through a URL this server signed and that
 * has not expired, as on S3 where the bucket is Lambda's and the link is the only way in.
 */
function lambdaPackage(host: LocalLambdaHost, request: WireRequest, signing: ChunkSigning | undefined, protocol: Protocol, requestId: string): WireResponse {
  if (signing?.accessKeyId !== host.codeUrls.accessKeyId || (request.method !== 'GET' && request.method !== 'HEAD')) {
    return protocol.serializeError(new ServiceError('AccessDenied', 'Access Denied', 403), requestId);
  }
  const key = packageKeyOf(request.path);
  const file = key === undefined ? undefined : host.zipPath(key);
  if (file === undefined || !existsSync(file)) {
    return protocol.serializeError(new ServiceError('NoSuchKey', 'The specified key does not exist.', 404, { body: { Key: request.path.split('/').slice(2).join('/') } }), requestId);
  }
  const headers = { 'Content-Type': 'application/zip', 'Content-Length': String(statSync(file).size), 'x-amz-request-id': requestId, Server: 'AmazonS3' };
  return { status: 200, headers, body: request.method === 'HEAD' ? '' : createReadStream(file) };
}

function toStreamedRequest(req: IncomingMessage): WireRequest & { path: string; chunkSigning?: WireRequest['chunkSigning'] } {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
  return { method: req.method ?? 'GET', path: q < 0 ? url : url.slice(0, q), query: q < 0 ? '' : url.slice(q + 1), headers, body: EMPTY, stream: req };
}
