/**
 * One request's trip through a non-proxy (or HTTP proxy) integration: the method request as parameter
 * mappings and mapping templates see it, and the one `$context` its templates share. Everything is built on
 * first use only, so an integration that maps nothing pays nothing.
 */
import { GatewayError } from '../gateway-error.js';
import type { Invocation } from '../invocation.js';
import { buildVtlContext, type VtlContext } from '../vtl/context.js';
import { VtlBodyError, VtlInput, type VtlParams } from '../vtl/input.js';
import { renderTemplate, type CompiledTemplate } from '../vtl/template.js';
import { VtlUtil } from '../vtl/util.js';
import { VtlError } from '../vtl/values.js';
import { configurationError, unparsableBody } from './errors.js';
import { endpointFacts } from './lambda-proxy.js';

/**
 * Request headers API Gateway never hands to an integration, nor to mappings and templates
 * (docs/notes/execute-api-data-plane.md §5.2).
 */
export const DROPPED_REQUEST_HEADERS: ReadonlySet<string> = new Set([
  'connection',
  'content-length',
  'content-md5',
  'expect',
  'max-forwards',
  'proxy-authenticate',
  'server',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'www-authenticate',
]);

/** Headers API Gateway sets itself on requests through a VPC endpoint: a client's own are not believed. */
const ENDPOINT_HEADERS: ReadonlySet<string> = new Set(['x-amzn-cipher-suite', 'x-amzn-tls-version', 'x-amzn-vpc-id', 'x-amzn-vpce-config', 'x-amzn-vpce-id', 'x-forwarded-for']);

/** The method request: `method.request.{path,querystring,header,multivaluequerystring,multivalueheader}.*`. */
export interface MethodRequest {
  /** Raw, as routed (not percent-decoded). */
  path: Record<string, string>;
  /** Form-decoded; the last value of a repeated name. */
  querystring: Record<string, string>;
  multivaluequerystring: Record<string, string[]>;
  /** In the client's casing; the last value of a repeated name. */
  header: Record<string, string>;
  multivalueheader: Record<string, string[]>;
  /** The headers in order, as an HTTP proxy integration forwards them. */
  headerList: Array<[string, string]>;
}

export class Exchange {
  private methodRequestView: MethodRequest | undefined;
  private vtlContext: VtlContext | undefined;
  private params: VtlParams | undefined;

  constructor(readonly inv: Invocation) {}

  get methodRequest(): MethodRequest {
    return (this.methodRequestView ??= buildMethodRequest(this.inv));
  }

  /** `$context`, shared by the request and response templates of this request. */
  get context(): VtlContext {
    return (this.vtlContext ??= buildVtlContext(this.inv));
  }

  get contextIfBuilt(): VtlContext | undefined {
    return this.vtlContext;
  }

  /** A header of the method request, by name in any case. */
  header(name: string): string | undefined {
    const lower = name.toLowerCase();
    const { header } = this.methodRequest;
    for (const key of Object.keys(header)) if (key.toLowerCase() === lower) return header[key];
    return undefined;
  }

  stageVariables(): Record<string, string> {
    return { ...this.inv.served.stage.variables };
  }

  /**
   * A mapping template's output over `payload` (the method request body for a request template, the
   * integration response body for a response template). A template that fails is a configuration error
   * (500), but a request body that a request template reads as JSON and is not JSON is the client's (400).
   */
  render(template: CompiledTemplate, payload: string, phase: 'request' | 'response'): string {
    if (template.kind === 'static') return template.text;
    const mr = this.methodRequest;
    this.params ??= { path: { ...mr.path }, querystring: { ...mr.querystring }, header: { ...mr.header } };
    try {
      return renderTemplate(template, { context: this.context, input: new VtlInput(payload, this.params), stageVariables: this.stageVariables(), util: new VtlUtil() });
    } catch (error) {
      if (error instanceof GatewayError) throw error;
      if (error instanceof VtlBodyError && phase === 'request') throw unparsableBody(error.detail);
      const why = error instanceof VtlError ? error.message : String(error);
      throw configurationError(`Unable to transform ${phase}: ${why}`);
    }
  }
}

function buildMethodRequest(inv: Invocation): MethodRequest {
  const querystring: Record<string, string> = {};
  const multivaluequerystring: Record<string, string[]> = {};
  if (inv.query !== '') {
    for (const [k, v] of new URLSearchParams(inv.query)) {
      querystring[k] = v;
      (multivaluequerystring[k] ??= []).push(v);
    }
  }
  const header: Record<string, string> = {};
  const multivalueheader: Record<string, string[]> = {};
  const headerList: Array<[string, string]> = [];
  const add = (name: string, value: string): void => {
    header[name] = value;
    (multivalueheader[name] ??= []).push(value);
    headerList.push([name, value]);
  };
  const raw = inv.req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!;
    const lower = name.toLowerCase();
    if (DROPPED_REQUEST_HEADERS.has(lower) || (inv.origin && ENDPOINT_HEADERS.has(lower))) continue;
    add(name, raw[i + 1]!);
  }
  if (inv.origin) {
    const facts = endpointFacts(inv);
    add('x-amzn-cipher-suite', facts.cipherSuite);
    add('x-amzn-tls-version', facts.tlsVersion);
    add('x-amzn-vpc-id', facts.vpcId);
    add('x-amzn-vpce-config', '1');
    add('x-amzn-vpce-id', facts.vpceId);
    add('X-Forwarded-For', inv.sourceIp);
  }
  return { path: { ...inv.route.pathParameters }, querystring, multivaluequerystring, header, multivalueheader, headerList };
}
