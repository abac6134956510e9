/**
 * The method response of a non-proxy integration, from the integration response selected for it: the
 * response template chosen by the request's Accept (its MIME type; `application/json` when there is none,
 * else the first template when none matches) rendered over the integration response body, or that body
 * passed through when there is no template; the responseParameters header mappings; then the overrides a
 * template set (`$context.responseOverride.status` / `.header.*`). Header names API Gateway reserves come out
 * as `x-amzn-Remapped-*` (recorded: TestApiGatewayHeaderRemapping).
 */
import type { Answer } from '../invocation.js';
import { isMap, renderValue } from '../vtl/values.js';
import { mimeOf, type CompiledResponse } from './compiled.js';
import { configurationError } from './errors.js';
import type { Exchange } from './exchange.js';
import { sourceValues, type IntegrationResult } from './parameters.js';

/** Response headers API Gateway keeps for itself: a mapped one is sent as `x-amzn-Remapped-{name}`. */
const REMAPPED_RESPONSE_HEADERS: ReadonlySet<string> = new Set([
  'authorization',
  'connection',
  'content-length',
  'content-md5',
  'date',
  'expect',
  'host',
  'max-forwards',
  'proxy-authenticate',
  'server',
  'trailer',
  'upgrade',
  'user-agent',
  'www-authenticate',
]);

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/** Can this name and value go out in an HTTP/1.1 header (Node refuses anything else)? */
export const isHeader = (name: string, value: string): boolean => TOKEN.test(name) && FIELD_VALUE.test(value);

/** The name a backend or mapped response header goes out under; undefined when it is dropped. */
export function outgoingHeaderName(name: string): string | undefined {
  const lower = name.toLowerCase();
  if (lower === 'transfer-encoding') return undefined;
  return REMAPPED_RESPONSE_HEADERS.has(lower) ? `x-amzn-Remapped-${name}` : name;
}

export interface MethodResponseInput {
  chosen: CompiledResponse;
  /** The integration response: its headers (for mappings) and body. */
  result: IntegrationResult;
  bodyBytes: Buffer;
  traced: boolean;
}

export function methodResponse(exchange: Exchange, input: MethodResponseInput): Answer {
  const { chosen, result } = input;
  const template = responseTemplate(chosen.templates, exchange.header('accept'));
  let body = input.bodyBytes;
  if (template?.[1]) body = Buffer.from(exchange.render(template[1], result.body, 'response'));
  const headers = new Map<string, [string, string]>();
  const set = (name: string, value: string): void => {
    const out = outgoingHeaderName(name);
    if (out === undefined) return;
    if (!isHeader(out, value)) throw configurationError(`Invalid method response header ${JSON.stringify(name)}: ${JSON.stringify(value)}`);
    headers.set(out.toLowerCase(), [out, value]);
  };
  set('Content-Type', template?.[0] ?? 'application/json');
  for (const { target, source } of chosen.parameters) {
    const values = sourceValues(source, exchange, result);
    if (values !== undefined && values.length > 0) set(target, values.join(','));
  }
  let status = Number(chosen.response.statusCode);
  // A template may have replaced the override maps with anything: only maps and numbers are read.
  const overrides: unknown = exchange.contextIfBuilt?.responseOverride;
  let overridden = false;
  if (isMap(overrides)) {
    const s = Number(renderValue(overrides['status']));
    if (overrides['status'] !== undefined && overrides['status'] !== null && Number.isInteger(s) && s >= 100 && s <= 599) {
      status = s;
      overridden = true;
    }
    const header = overrides['header'];
    if (isMap(header)) for (const [name, value] of Object.entries(header)) if (value !== undefined && value !== null) set(name, renderValue(value));
  }
  // API Gateway answers only with statuses the method declares (developer guide, "Handle Lambda errors").
  if (!overridden && !exchange.inv.route.method.methodResponses?.[chosen.response.statusCode]) {
    throw configurationError(`Output mapping refers to an invalid method response: ${chosen.response.statusCode}`);
  }
  return { status, headers: [...headers.values()], body, traced: input.traced };
}

/** The response template for the request's Accept: its MIME types in order, else the first template. */
function responseTemplate(templates: CompiledResponse['templates'], accept: string | undefined): CompiledResponse['templates'][number] | undefined {
  if (templates.length === 0) return undefined;
  const wanted = accept === undefined || accept.trim() === '' ? ['application/json'] : accept.split(',').map(mimeOf);
  for (const type of wanted) {
    const hit = templates.find(([t]) => t === type);
    if (hit) return hit;
  }
  return templates[0];
}
