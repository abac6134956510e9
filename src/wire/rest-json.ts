/**
 * The rest-json protocol (apigateway, lambda): operation chosen by HTTP method and path template, input
 * bound from URI labels, query string, headers and a JSON body; errors as `x-amzn-ErrorType` + `{"message"}`.
 */
import { ServiceError, serializationError } from '../shared/errors.js';
import { readJson, readStructure, stringifyJson, writeJson, writeStructure } from './json-codec.js';
import type { Member, OperationModel, ServiceModel, Shape } from './model.js';
import { RouteTable } from './rest-routes.js';
import { scalarFromText } from './text-scalars.js';
import type { OperationMatch, Protocol, WireRequest, WireResponse } from './types.js';

const isBodyMember = (m: Member): boolean => m.location === undefined;

export class RestJsonProtocol implements Protocol {
  private readonly routes: RouteTable;

  constructor(readonly model: ServiceModel) {
    this.routes = new RouteTable(model.operations.values());
  }

  match(request: WireRequest): OperationMatch | undefined {
    return this.routes.match(request.method, request.path, new URLSearchParams(request.query));
  }

  parse(match: OperationMatch, request: WireRequest): Record<string, unknown> {
    const shape = match.operation.input;
    if (!shape) return {};
    const input: Record<string, unknown> = {};
    let query: URLSearchParams | undefined;
    for (const member of shape.members.values()) {
      switch (member.location) {
        case 'uri': {
          const v = match.labels[member.locationName ?? member.name];
          if (v !== undefined) input[member.name] = fromText(member.shape, v);
          break;
        }
        case 'querystring': {
          query ??= new URLSearchParams(request.query);
          const v = readQueryMember(member, query, match.operation);
          if (v !== undefined) input[member.name] = v;
          break;
        }
        case 'header': {
          const v = request.headers[(member.locationName ?? member.name).toLowerCase()];
          if (v !== undefined) input[member.name] = member.jsonvalue ? JSON.parse(Buffer.from(v, 'base64').toString('utf8')) : fromText(member.shape, v);
          break;
        }
        case 'headers': {
          const prefix = (member.locationName ?? '').toLowerCase();
          const map: Record<string, string> = {};
          for (const [k, v] of Object.entries(request.headers)) if (v !== undefined && k.startsWith(prefix)) map[k.slice(prefix.length)] = v;
          if (Object.keys(map).length > 0) input[member.name] = map;
          break;
        }
        default:
          break;
      }
    }
    if (shape.payload !== undefined) {
      const member = shape.members.get(shape.payload)!;
      const v = readPayload(member.shape, request.body);
      if (v !== undefined) input[member.name] = v;
    } else if (request.body.length > 0) {
      const json = parseJsonBody(request.body);
      if (json !== undefined) Object.assign(input, readStructure(shape, json, isBodyMember));
    }
    return input;
  }

  serialize(operation: OperationModel, output: unknown, requestId: string): WireResponse {
    const headers: Record<string, string> = { 'x-amzn-RequestId': requestId };
    let status = operation.http.responseCode;
    const shape = operation.output;
    if (!shape || output === undefined || output === null) {
      return { status, headers, body: '' };
    }
    const value = output as Record<string, unknown>;
    for (const member of shape.members.values()) {
      const v = value[member.name];
      if (v === undefined || v === null) continue;
      if (member.location === 'header') headers[member.locationName ?? member.name] = toHeaderText(member, v);
      else if (member.location === 'headers') for (const [k, hv] of Object.entries(v as Record<string, string>)) headers[`${member.locationName ?? ''}${k}`] = hv;
      else if (member.location === 'statusCode') status = Number(v);
    }
    if (shape.payload !== undefined) {
      const member = shape.members.get(shape.payload)!;
      const v = value[member.name];
      if (member.shape.type === 'blob' || member.shape.type === 'string') {
        headers['Content-Type'] ??= 'application/octet-stream';
        return { status, headers, body: v === undefined || v === null ? '' : Buffer.isBuffer(v) ? v : String(v) };
      }
      headers['Content-Type'] = 'application/json';
      return { status, headers, body: v === undefined || v === null ? '{}' : stringifyJson(writeJson(member.shape, v)) };
    }
    headers['Content-Type'] = 'application/json';
    return { status, headers, body: stringifyJson(writeStructure(shape, value, isBodyMember)) };
  }

  serializeError(error: ServiceError, requestId: string): WireResponse {
    return {
      status: error.status,
      headers: { 'x-amzn-RequestId': requestId, 'x-amzn-ErrorType': error.code, 'Content-Type': 'application/json', ...error.headers },
      body: JSON.stringify(error.body ?? { message: error.message }),
    };
  }

  unknownOperation(request: WireRequest): ServiceError {
    return new ServiceError('UnknownOperationException', `No operation of ${this.model.metadata.serviceId} matches ${request.method} ${request.path}`, 404);
  }
}

/** A JSON request body as an object; empty (or null) means no input. Anything else is Coral's SerializationException. */
export function parseJsonBody(body: Buffer): Record<string, unknown> | undefined {
  const text = body.toString('utf8');
  if (text.trim() === '') return undefined;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw serializationError('Unexpected character in JSON input');
  }
  if (json === null) return undefined;
  if (typeof json !== 'object' || Array.isArray(json)) throw serializationError('Start of structure or map found where not expected.');
  return json as Record<string, unknown>;
}

function readPayload(shape: Shape, body: Buffer): unknown {
  if (shape.type === 'blob') return body;
  if (shape.type === 'string') return body.toString('utf8');
  const json = parseJsonBody(body);
  return json === undefined ? undefined : readJson(shape, json);
}

/** A URI label, query value or header read as the member's type; a list header is comma-separated. */
function fromText(shape: Shape, text: string): unknown {
  return shape.type === 'list' ? text.split(',').map((t) => t.trim()) : scalarFromText(shape, text);
}

function readQueryMember(member: Member, query: URLSearchParams, operation: OperationModel): unknown {
  if (member.shape.type === 'map') {
    // A map in the query string takes every parameter no other member binds, nor the operation's own
    // template (`mode` of ImportRestApi's `/restapis?mode=import` is not one of its `parameters`).
    const bound = new Set<string>();
    for (const m of operation.input!.members.values()) if (m.location === 'querystring' && m !== member) bound.add(m.locationName ?? m.name);
    for (const pair of operation.http.requestUri.split('?', 2)[1]?.split('&') ?? []) bound.add(pair.split('=', 1)[0]!);
    const map: Record<string, unknown> = {};
    for (const [k, v] of query) if (!bound.has(k)) map[k] = member.shape.value?.shape.type === 'list' ? query.getAll(k) : v;
    return Object.keys(map).length > 0 ? map : undefined;
  }
  const name = member.locationName ?? member.name;
  if (member.shape.type === 'list') {
    const all = query.getAll(name);
    return all.length > 0 ? all : undefined;
  }
  const v = query.get(name);
  return v === null ? undefined : fromText(member.shape, v);
}

function toHeaderText(member: Member, value: unknown): string {
  if (member.jsonvalue) return Buffer.from(JSON.stringify(value)).toString('base64');
  if (value instanceof Date) return value.toUTCString();
  return String(value);
}
