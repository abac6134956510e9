/**
 * HTTP_PROXY and HTTP integrations (docs/notes/execute-api-data-plane.md §5.2, recorded:
 * TestApiGatewayHeaderRemapping, test_http_integration_status_code_selection).
 *
 * HTTP_PROXY passes the request through: the client's headers (less the ones API Gateway never forwards,
 * plus `X-Amzn-Apigateway-Api-Id`, `X-Amzn-Trace-Id` and the forwarding headers), its query string and body,
 * to the integration `uri` with its `{name}` placeholders filled (`{proxy}` from a `{proxy+}` resource), and
 * answers with the backend's status, headers (API Gateway's own names as `x-amzn-Remapped-*`) and body.
 *
 * HTTP (non-proxy) sends only what is mapped: the request template's output (or the body passed through),
 * the mapped path, query string and header parameters, and API Gateway's own headers (`Accept:
 * application/json`, `User-Agent: AmazonAPIGateway_{api}` ...); the backend's status code selects the
 * integration response, which makes the method response.
 *
 * Only loopback backends are contacted (http-client.ts).
 */
import type { Integration } from '../../domain/apigateway.js';
import type { Answer, Invocation } from '../invocation.js';
import { isMap, renderValue } from '../vtl/values.js';
import { compileIntegration, selectResponse } from './compiled.js';
import { configurationError } from './errors.js';
import { Exchange } from './exchange.js';
import { callBackend } from './http-client.js';
import { isHeader, methodResponse, outgoingHeaderName } from './method-response.js';
import { mapRequestParameters, type MappedRequest } from './parameters.js';
import type { IntegrationHandler } from './registry.js';
import { integrationRequestBody } from './request-body.js';
import { backendUrl } from './uri.js';

/** Mapped request headers that never reach the backend (Upgrade: undici cannot send it). */
const NEVER_SENT: ReadonlySet<string> = new Set(['connection', 'proxy-authenticate', 'te', 'via', 'expect', 'keep-alive', 'proxy-connection', 'upgrade']);
/** Mapped request headers that make the integration fail (recorded: 500 for Content-Length, Transfer-Encoding). */
const NOT_MAPPABLE: ReadonlySet<string> = new Set(['content-length', 'transfer-encoding']);
/** Client headers an HTTP proxy integration does not forward: the backend's Host is its own; the others belong to the client's connection. */
const NOT_FORWARDED: ReadonlySet<string> = new Set(['host', 'keep-alive', 'proxy-connection']);
/** Backend response headers that belong to its connection with Gatehouse. */
const HOP_BY_HOP: ReadonlySet<string> = new Set(['keep-alive', 'proxy-connection']);

export const httpProxyIntegration: IntegrationHandler = async (inv, integration): Promise<Answer> => {
  const exchange = new Exchange(inv);
  const mapped = mapRequestParameters(compileIntegration(integration).requestParameters, exchange);
  const url = backendUrl(integration.uri ?? '', inv.served.stage.variables, mapped.path, exchange.methodRequest.path);
  const headers: Array<[string, string]> = exchange.methodRequest.headerList.filter(([name]) => !NOT_FORWARDED.has(name.toLowerCase()));
  headers.push(['X-Amzn-Apigateway-Api-Id', inv.served.deployment.api.id], ['X-Amzn-Trace-Id', inv.traceId]);
  if (inv.front) {
    // Through the public front end the forwarding headers are API Gateway's, as in a Lambda proxy event.
    const forwarded = exchange.header('x-forwarded-for');
    setHeader(headers, 'X-Forwarded-For', forwarded ? `${forwarded}, ${inv.sourceIp}` : inv.sourceIp);
    setHeader(headers, 'X-Forwarded-Port', inv.front.port);
    setHeader(headers, 'X-Forwarded-Proto', inv.front.proto);
  }
  if (!headers.some(([name]) => name.toLowerCase() === 'user-agent')) headers.push(['User-Agent', `AmazonAPIGateway_${inv.served.deployment.api.id}`]);
  applyMappedHeaders(headers, mapped);
  const backend = await callBackend({
    url,
    query: joinQuery(url.search.slice(1), inv.query, mapped.querystring),
    method: methodOf(integration, inv),
    headers,
    body: inv.body,
    timeoutMs: integration.timeoutInMillis,
    insecureSkipVerification: integration.tlsConfig?.insecureSkipVerification === true,
  });
  const out: Array<[string, string]> = [];
  let contentType = false;
  for (let i = 0; i + 1 < backend.headers.length; i += 2) {
    const name = backend.headers[i]!;
    const lower = name.toLowerCase();
    if (HOP_BY_HOP.has(lower)) continue;
    const outName = outgoingHeaderName(name);
    // A header Node cannot send again (bytes that are not Latin-1 once decoded) is left out.
    if (outName === undefined || !isHeader(outName, backend.headers[i + 1]!)) continue;
    if (lower === 'content-type') contentType = true;
    out.push([outName, backend.headers[i + 1]!]);
  }
  if (!contentType) out.push(['Content-Type', 'application/json']);
  return { status: backend.status, headers: out, body: backend.body, traced: false };
};

export const httpIntegration: IntegrationHandler = async (inv, integration): Promise<Answer> => {
  const compiled = compileIntegration(integration);
  const exchange = new Exchange(inv);
  const request = integrationRequestBody(integration, compiled, exchange);
  const mapped = mapRequestParameters(compiled.requestParameters, exchange);
  applyRequestOverrides(mapped, exchange);
  const url = backendUrl(integration.uri ?? '', inv.served.stage.variables, mapped.path, exchange.methodRequest.path);
  const apiId = inv.served.deployment.api.id;
  const headers: Array<[string, string]> = [
    ['Accept', 'application/json'],
    ['User-Agent', `AmazonAPIGateway_${apiId}`],
    ['X-Amzn-Apigateway-Api-Id', apiId],
    ['X-Amzn-Trace-Id', inv.traceId],
  ];
  if (request.body.length > 0 && request.contentType !== undefined) headers.push(['Content-Type', request.contentType]);
  applyMappedHeaders(headers, mapped);
  const backend = await callBackend({
    url,
    query: joinQuery(url.search.slice(1), '', mapped.querystring),
    method: methodOf(integration, inv),
    headers,
    body: request.body,
    timeoutMs: integration.timeoutInMillis,
    insecureSkipVerification: integration.tlsConfig?.insecureSkipVerification === true,
  });
  const status = String(backend.status);
  const chosen = selectResponse(compiled.responses, status, status);
  if (!chosen) throw configurationError(`No match for output mapping and no default output mapping configured. Endpoint Response Status Code: ${status}`);
  return methodResponse(exchange, { chosen, result: { headers: backend.headers, body: backend.body.toString('utf8') }, bodyBytes: backend.body, traced: true });
};

/** The integration's HTTP method; ANY calls the backend with the request's own. */
const methodOf = (integration: Integration, inv: Invocation): string => (integration.httpMethod === undefined || integration.httpMethod === 'ANY' ? inv.httpMethod : integration.httpMethod);

function setHeader(headers: Array<[string, string]>, name: string, value: string): void {
  const lower = name.toLowerCase();
  for (let i = headers.length - 1; i >= 0; i--) if (headers[i]![0].toLowerCase() === lower) headers.splice(i, 1);
  headers.push([name, value]);
}

/** Mapped headers replace the ones of the same name; a few never reach the backend, two are not allowed. */
function applyMappedHeaders(headers: Array<[string, string]>, mapped: MappedRequest): void {
  const seen = new Set<string>();
  for (const [name, value] of mapped.header) {
    const lower = name.toLowerCase();
    if (NOT_MAPPABLE.has(lower)) throw configurationError(`The ${name} header cannot be mapped in an integration request`);
    if (NEVER_SENT.has(lower)) continue;
    if (!isHeader(name, value)) throw configurationError(`Invalid integration request header ${JSON.stringify(name)}`);
    if (!seen.has(lower)) {
      for (let i = headers.length - 1; i >= 0; i--) if (headers[i]![0].toLowerCase() === lower) headers.splice(i, 1);
      seen.add(lower);
    }
    headers.push([name, value]);
  }
}

/** `$context.requestOverride.{path,querystring,header}.*` set by a request template win over the mappings. */
function applyRequestOverrides(mapped: MappedRequest, exchange: Exchange): void {
  // A template may have replaced the override maps with anything: only maps are read.
  const overrides: unknown = exchange.contextIfBuilt?.requestOverride;
  if (!isMap(overrides)) return;
  const entries = (key: string): Array<[string, unknown]> => (isMap(overrides[key]) ? Object.entries(overrides[key]) : []);
  for (const [name, value] of entries('path')) if (value !== undefined && value !== null) mapped.path[name] = renderValue(value);
  for (const [name, value] of entries('querystring')) {
    if (value === undefined || value === null) continue;
    mapped.querystring = mapped.querystring.filter(([n]) => n !== name);
    mapped.querystring.push([name, renderValue(value)]);
  }
  for (const [name, value] of entries('header')) {
    if (value === undefined || value === null) continue;
    mapped.header = mapped.header.filter(([n]) => n.toLowerCase() !== name.toLowerCase());
    mapped.header.push([name, renderValue(value)]);
  }
}

function joinQuery(own: string, raw: string, mapped: ReadonlyArray<[string, string]>): string {
  const parts: string[] = [];
  if (own !== '') parts.push(own);
  if (raw !== '') parts.push(raw);
  for (const [name, value] of mapped) parts.push(`${encodeURIComponent(name)}=${encodeURIComponent(value)}`);
  return parts.join('&');
}
