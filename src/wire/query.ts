/**
 * The query protocol (sts, iam, cloudformation) and its ec2 variant: form-encoded `Action=...` requests,
 * XML responses. The two differ only in settings (member naming, list flattening, envelopes), so ec2 is a
 * `QueryProtocol` built with `EC2_SETTINGS`.
 */
import { ServiceError } from '../shared/errors.js';
import type { Member, OperationModel, ServiceModel, Shape } from './model.js';
import type { OperationMatch, Protocol, WireRequest, WireResponse } from './types.js';
import { scalarFromText } from './text-scalars.js';
import { element, escapeXml } from './xml.js';

export interface QuerySettings {
  /** The request parameter name of a top-level or nested member. */
  inputName(member: Member): string;
  /** Whether a list is written `Name.N` (true) or `Name.member.N` (false). */
  flatInputList(member: Member): boolean;
  envelope(operation: OperationModel, namespace: string, requestId: string, body: string): string;
  errorEnvelope(error: ServiceError, namespace: string, requestId: string): string;
}

export const QUERY_SETTINGS: QuerySettings = {
  inputName: (m) => m.locationName ?? m.name,
  flatInputList: (m) => m.flattened,
  envelope: (op, ns, id, body) => {
    const result = op.resultWrapper ? element(op.resultWrapper, body) : '';
    return `<${op.name}Response xmlns="${ns}">${result}<ResponseMetadata><RequestId>${id}</RequestId></ResponseMetadata></${op.name}Response>`;
  },
  errorEnvelope: (e, ns, id) =>
    `<ErrorResponse xmlns="${ns}"><Error><Type>${e.fault}</Type><Code>${escapeXml(e.code)}</Code><Message>${escapeXml(e.message)}</Message></Error><RequestId>${id}</RequestId></ErrorResponse>`,
};

const capitalize = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

export const EC2_SETTINGS: QuerySettings = {
  inputName: (m) => m.queryName ?? (m.locationName !== undefined ? capitalize(m.locationName) : m.name),
  flatInputList: () => true,
  // An action the model gives no output (DeleteVpc, ModifyVpcAttribute, CreateTags) answers `<return>true</return>`.
  envelope: (op, ns, id, body) =>
    `<?xml version="1.0" encoding="UTF-8"?>\n<${op.name}Response xmlns="${ns}/"><requestId>${id}</requestId>${op.output ? body : '<return>true</return>'}</${op.name}Response>`,
  errorEnvelope: (e, _ns, id) =>
    `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${escapeXml(e.code)}</Code><Message>${escapeXml(e.message)}</Message></Error></Errors><RequestID>${id}</RequestID></Response>`,
};

const paramsCache = new WeakMap<WireRequest, URLSearchParams>();

function paramsOf(request: WireRequest): URLSearchParams {
  let params = paramsCache.get(request);
  if (!params) {
    params = new URLSearchParams(request.query);
    const type = request.headers['content-type'] ?? '';
    if (request.body.length > 0 && (type === '' || type.startsWith('application/x-www-form-urlencoded'))) {
      for (const [k, v] of new URLSearchParams(request.body.toString('utf8'))) params.append(k, v);
    }
    paramsCache.set(request, params);
  }
  return params;
}

export class QueryProtocol implements Protocol {
  private readonly namespace: string;

  constructor(readonly model: ServiceModel, private readonly settings: QuerySettings = QUERY_SETTINGS) {
    this.namespace = (model.metadata.xmlNamespace ?? '').replace(/\/$/, '');
  }

  /** The action a request names, if any (used to pick a service when a request carries no signature). */
  actionOf(request: WireRequest): string | undefined {
    return paramsOf(request).get('Action') ?? undefined;
  }

  match(request: WireRequest): OperationMatch | undefined {
    const action = this.actionOf(request);
    const operation = action === undefined ? undefined : this.model.operations.get(action);
    return operation ? { operation, labels: {} } : undefined;
  }

  parse(match: OperationMatch, request: WireRequest): Record<string, unknown> {
    const shape = match.operation.input;
    if (!shape) return {};
    const params = paramsOf(request);
    return (this.readStructure(shape, params, '') ?? {}) as Record<string, unknown>;
  }

  serialize(operation: OperationModel, output: unknown, requestId: string): WireResponse {
    const body = operation.output && output ? this.writeMembers(operation.output, output as Record<string, unknown>) : '';
    const namespace = this.model.metadata.protocol === 'ec2' ? this.namespace : `${this.namespace}/`;
    return { status: operation.http.responseCode, headers: { 'Content-Type': 'text/xml', 'x-amzn-RequestId': requestId }, body: this.settings.envelope(operation, namespace, requestId, body) };
  }

  serializeError(error: ServiceError, requestId: string): WireResponse {
    return {
      status: error.status,
      headers: { 'Content-Type': 'text/xml', 'x-amzn-RequestId': requestId, ...error.headers },
      body: this.settings.errorEnvelope(error, `${this.namespace}/`, requestId),
    };
  }

  unknownOperation(request: WireRequest): ServiceError {
    const action = this.actionOf(request);
    if (action === undefined) return new ServiceError('MissingAction', 'Missing Action', 400);
    return new ServiceError('InvalidAction', `The action ${action} is not valid for this web service.`, 400);
  }

  // ---- reading ----

  private readStructure(shape: Shape, params: URLSearchParams, prefix: string): Record<string, unknown> | undefined {
    const out: Record<string, unknown> = {};
    let any = false;
    for (const member of shape.members.values()) {
      const key = prefix + this.settings.inputName(member);
      const v = this.readValue(member, params, key);
      if (v !== undefined) {
        out[member.name] = v;
        any = true;
      }
    }
    return any ? out : undefined;
  }

  private readValue(member: Member, params: URLSearchParams, key: string): unknown {
    const shape = member.shape;
    switch (shape.type) {
      case 'structure':
        return this.readStructure(shape, params, `${key}.`);
      case 'list': {
        const element = shape.member!;
        const base = this.settings.flatInputList(member) ? key : `${key}.${element.locationName ?? 'member'}`;
        const out: unknown[] = [];
        for (let i = 1; ; i++) {
          const v = this.readValue(element, params, `${base}.${i}`);
          if (v === undefined) break;
          out.push(v);
        }
        // `Name=` with an empty value is how the query protocol sends an empty list.
        if (out.length === 0 && params.get(key) === '') return [];
        return out.length > 0 ? out : undefined;
      }
      case 'map': {
        const base = shape.flattened ? key : `${key}.entry`;
        const out: Record<string, unknown> = {};
        let any = false;
        for (let i = 1; ; i++) {
          const k = params.get(`${base}.${i}.${shape.key!.locationName ?? 'key'}`);
          if (k === null) break;
          out[k] = this.readValue(shape.value!, params, `${base}.${i}.${shape.value!.locationName ?? 'value'}`);
          any = true;
        }
        return any ? out : undefined;
      }
      default: {
        const text = params.get(key);
        if (text === null) return undefined;
        return scalarFromText(shape, text);
      }
    }
  }

  // ---- writing ----

  private writeMembers(shape: Shape, value: Record<string, unknown>): string {
    let xml = '';
    for (const member of shape.members.values()) {
      const v = value[member.name];
      if (v === undefined || v === null) continue;
      xml += this.writeValue(member, member.locationName ?? member.name, v);
    }
    return xml;
  }

  private writeValue(member: Member, name: string, value: unknown): string {
    const shape = member.shape;
    switch (shape.type) {
      case 'structure':
        return element(name, this.writeMembers(shape, value as Record<string, unknown>));
      case 'list': {
        const el = shape.member!;
        const items = value as unknown[];
        if (member.flattened || shape.flattened) return items.map((v) => this.writeValue(el, el.locationName ?? name, v)).join('');
        return element(name, items.map((v) => this.writeValue(el, el.locationName ?? 'member', v)).join(''));
      }
      case 'map': {
        const k = shape.key!;
        const vm = shape.value!;
        const entries = Object.entries(value as Record<string, unknown>)
          .map(([key, v]) => element('entry', this.writeValue(k, k.locationName ?? 'key', key) + this.writeValue(vm, vm.locationName ?? 'value', v)))
          .join('');
        return element(name, entries);
      }
      case 'timestamp':
        return element(name, timestampOf(value).toISOString());
      case 'blob':
        return element(name, Buffer.isBuffer(value) ? value.toString('base64') : escapeXml(String(value)));
      default:
        return element(name, escapeXml(String(value)));
    }
  }
}

/**
 * A timestamp as services hold it: a Date, epoch seconds (API Gateway's records) or an ISO 8601 string (EC2's
 * records, which keep AWS's own text form so the stored document reads like the API's answer).
 */
function timestampOf(value: unknown): Date {
  if (value instanceof Date) return value;
  if (typeof value === 'string' && !/^\d+(\.\d+)?$/.test(value)) return new Date(value);
  return new Date(Number(value) * 1000);
}
