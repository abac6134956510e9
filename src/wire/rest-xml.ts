/**
 * The rest-xml protocol (S3): the operation chosen by method, path template, query and, among operations that
 * share a template, their required query and header members (rest-routes.ts); input bound from URI labels
 * (greedy `{Key+}` keeps slashes), query, headers, `x-amz-meta-*` header maps and a payload: an XML structure,
 * a string (a bucket policy) or a streaming blob handed over as a stream (aws-chunked decoded). Output:
 * headers, and an XML body rooted in S3's namespace, or the payload itself (an object's bytes, streamed).
 * Errors are S3's `<Error>` documents; `S3ErrorBody` elements come from `ServiceError.body`.
 */
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { ServiceError } from '../shared/errors.js';
import { AwsChunkedDecoder, contentEncodingWithoutChunked, incompleteBody, isAwsChunked } from './aws-chunked.js';
import type { Member, OperationModel, ServiceModel, Shape } from './model.js';
import { RouteTable } from './rest-routes.js';
import type { StreamingBody } from './shape-types.js';
import { scalarFromText } from './text-scalars.js';
import type { OperationMatch, Protocol, WireRequest, WireResponse } from './types.js';
import { escapeXml } from './xml.js';
import { parseXml, readXmlStructure, XmlSyntaxError } from './xml-read.js';

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';
/** XML request bodies are configuration documents (a 10,000-part completion is about 1 MB): read whole, capped. */
// The largest bodies S3 takes as XML are a DeleteObjects of 1,000 keys of up to 1,024 bytes and a completion of
// 10,000 parts (about 1.5 MB): 4 MiB holds either with room, and bounds the synchronous parse of one request.
const MAX_XML_BODY = 4 * 1024 * 1024;

export function malformedXml(): ServiceError {
  return new ServiceError('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema', 400);
}

/** S3's request ids: 16 upper-case hex digits. */
export function s3RequestId(): string {
  return randomBytes(8).toString('hex').toUpperCase();
}

/** The `x-amz-id-2` (and `<HostId>`) that goes with a request id. */
export function s3HostId(requestId: string): string {
  return createHash('sha256').update(requestId).digest('base64');
}

const isBodyMember = (m: Member): boolean => m.location === undefined;

function payloadMember(shape: Shape | undefined): Member | undefined {
  return shape?.payload === undefined ? undefined : shape.members.get(shape.payload);
}

/** Whether the operation takes its payload as a stream (PutObject's and UploadPart's Body). */
function streamsPayload(operation: OperationModel): boolean {
  const member = payloadMember(operation.input);
  return member !== undefined && member.shape.type === 'blob';
}

export class RestXmlProtocol implements Protocol {
  private readonly routes: RouteTable;
  private readonly namespace: string;

  constructor(readonly model: ServiceModel) {
    this.routes = new RouteTable(model.operations.values(), { trailingSlash: 'significant' });
    this.namespace = model.metadata.xmlNamespace ?? `http://${model.metadata.endpointPrefix}.amazonaws.com/doc/${model.metadata.apiVersion}/`;
  }

  match(request: WireRequest): OperationMatch | undefined {
    return this.routes.match(request.method, request.path, new URLSearchParams(request.query), request.headers);
  }

  async prepare(match: OperationMatch, request: WireRequest): Promise<WireRequest> {
    if (!request.stream || streamsPayload(match.operation)) return request;
    const body = await readCapped(bodyStream(request, request.stream), MAX_XML_BODY);
    return { method: request.method, path: request.path, query: request.query, headers: request.headers, body };
  }

  parse(match: OperationMatch, request: WireRequest): Record<string, unknown> {
    const shape = match.operation.input;
    if (!shape) return {};
    const input: Record<string, unknown> = {};
    const query = new URLSearchParams(request.query);
    const chunked = isAwsChunked(request.headers);
    for (const member of shape.members.values()) {
      const name = member.locationName ?? member.name;
      switch (member.location) {
        case 'uri': {
          const v = match.labels[name];
          if (v !== undefined) input[member.name] = scalarFromText(member.shape, v);
          break;
        }
        case 'querystring': {
          if (member.shape.type === 'list') {
            const all = query.getAll(name);
            if (all.length > 0) input[member.name] = all;
          } else {
            const v = query.get(name);
            if (v !== null) input[member.name] = scalarFromText(member.shape, v);
          }
          break;
        }
        case 'header': {
          const v = headerValue(request, name.toLowerCase(), chunked);
          if (v !== undefined) input[member.name] = member.shape.type === 'list' ? v.split(',').map((t) => t.trim()) : scalarFromText(member.shape, v);
          break;
        }
        case 'headers': {
          const prefix = name.toLowerCase();
          const map: Record<string, string> = {};
          for (const [k, v] of Object.entries(request.headers)) if (v !== undefined && k.startsWith(prefix)) map[k.slice(prefix.length)] = v;
          if (Object.keys(map).length > 0) input[member.name] = map;
          break;
        }
        default:
          break;
      }
    }
    const payload = payloadMember(shape);
    if (payload) {
      const v = this.readPayload(payload, request);
      if (v !== undefined) input[payload.name] = v;
    }
    return input;
  }

  private readPayload(member: Member, request: WireRequest): unknown {
    const type = member.shape.type;
    if (type === 'blob') {
      if (request.stream) return bodyStream(request, request.stream);
      return bufferStream(request.body);
    }
    if (request.body.length === 0) return undefined;
    if (type === 'string') return request.body.toString('utf8');
    let root;
    try {
      root = parseXml(request.body.toString('utf8'));
    } catch (error) {
      if (error instanceof XmlSyntaxError) throw malformedXml();
      throw error;
    }
    if (root.name !== (member.locationName ?? member.name)) throw malformedXml();
    try {
      return readXmlStructure(member.shape, root);
    } catch (error) {
      if (error instanceof XmlSyntaxError) throw malformedXml();
      throw error;
    }
  }

  serialize(operation: OperationModel, output: unknown, requestId: string): WireResponse {
    const headers = this.baseHeaders(requestId);
    let status = operation.http.responseCode;
    const shape = operation.output;
    if (!shape || output === undefined || output === null) return { status, headers, body: '' };
    const value = output as Record<string, unknown>;
    for (const member of shape.members.values()) {
      const v = value[member.name];
      if (v === undefined || v === null) continue;
      if (member.location === 'header') headers[member.locationName ?? member.name] = headerText(member, v);
      else if (member.location === 'headers') for (const [k, hv] of Object.entries(v as Record<string, unknown>)) headers[`${member.locationName ?? ''}${k}`] = String(hv);
      else if (member.location === 'statusCode') status = Number(v);
    }
    // A range of an object (GetObject, HeadObject with `Range`) is 206 Partial Content.
    if (value.ContentRange !== undefined && value.ContentRange !== null && shape.members.get('ContentRange')?.location === 'header') status = 206;
    const payload = payloadMember(shape);
    if (payload) {
      const v = value[payload.name];
      if (payload.shape.type === 'blob' || payload.shape.type === 'string') {
        return { status, headers, body: v === undefined || v === null ? '' : v instanceof Readable || Buffer.isBuffer(v) ? v : String(v) };
      }
      if (v === undefined || v === null) return { status, headers, body: '' };
      headers['Content-Type'] = 'application/xml';
      return { status, headers, body: XML_DECLARATION + this.writeElement(payload, payload.locationName ?? payload.name, v, true) };
    }
    const bodyMembers = [...shape.members.values()].filter(isBodyMember);
    if (bodyMembers.length === 0) return { status, headers, body: '' };
    headers['Content-Type'] = 'application/xml';
    const root = operation.outputRoot ?? `${operation.name}Result`;
    const only = bodyMembers.length === 1 ? bodyMembers[0]! : undefined;
    // GetBucketLocation: the root element is the one member, holding its text (`<LocationConstraint xmlns="..."/>`).
    if (only && only.name === root && only.shape.type !== 'structure' && only.shape.type !== 'list' && only.shape.type !== 'map') {
      const v = value[only.name];
      const text = v === undefined || v === null || v === '' ? '' : this.scalarText(only, v);
      return { status, headers, body: `${XML_DECLARATION}<${root} xmlns="${this.namespace}"${text === '' ? '/>' : `>${text}</${root}>`}` };
    }
    return { status, headers, body: `${XML_DECLARATION}<${root} xmlns="${this.namespace}">${this.writeMembers(shape, value)}</${root}>` };
  }

  serializeError(error: ServiceError, requestId: string): WireResponse {
    const headers = { ...this.baseHeaders(requestId), ...error.headers };
    // 304 Not Modified carries no body (nor does any answer to HEAD: the route drops it).
    if (error.status === 304) return { status: 304, headers, body: '' };
    headers['Content-Type'] = 'application/xml';
    let extra = '';
    for (const [k, v] of Object.entries(error.body ?? {})) if (v !== undefined && v !== null) extra += `<${k}>${escapeXml(String(v))}</${k}>`;
    const body = `${XML_DECLARATION}<Error><Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message>${extra}<RequestId>${requestId}</RequestId><HostId>${s3HostId(requestId)}</HostId></Error>`;
    return { status: error.status, headers, body };
  }

  /** S3 answers a method its resource does not have with MethodNotAllowed, naming the method and resource type. */
  unknownOperation(request: WireRequest): ServiceError {
    const parts = request.path.split('/').filter((p) => p !== '');
    const resourceType = parts.length === 0 ? 'SERVICE' : parts.length === 1 ? 'BUCKET' : 'OBJECT';
    return new ServiceError('MethodNotAllowed', 'The specified method is not allowed against this resource.', 405, { body: { Method: request.method, ResourceType: resourceType } });
  }

  private baseHeaders(requestId: string): Record<string, string> {
    return { 'x-amz-request-id': requestId, 'x-amz-id-2': s3HostId(requestId), Server: 'AmazonS3' };
  }

  // ---- writing XML ----

  private writeMembers(shape: Shape, value: Record<string, unknown>): string {
    let xml = '';
    for (const member of shape.members.values()) {
      if (!isBodyMember(member) || member.xmlAttribute) continue;
      const v = value[member.name];
      if (v === undefined || v === null) continue;
      const name = member.locationName ?? member.name;
      if (member.shape.type === 'list' && (member.flattened || member.shape.flattened)) {
        for (const item of v as unknown[]) xml += this.writeElement(member.shape.member!, name, item, false);
      } else xml += this.writeElement(member, name, v, false);
    }
    return xml;
  }

  private writeElement(member: Member, name: string, value: unknown, root: boolean): string {
    const shape = member.shape;
    switch (shape.type) {
      case 'structure': {
        const v = value as Record<string, unknown>;
        let attributes = root ? ` xmlns="${this.namespace}"` : '';
        if (member.xmlNamespace) attributes += ` xmlns${member.xmlNamespace.prefix === undefined ? '' : `:${member.xmlNamespace.prefix}`}="${member.xmlNamespace.uri}"`;
        for (const m of shape.members.values()) {
          const a = v[m.name];
          if (m.xmlAttribute && a !== undefined && a !== null) attributes += ` ${m.locationName ?? m.name}="${escapeXml(String(a))}"`;
        }
        return `<${name}${attributes}>${this.writeMembers(shape, v)}</${name}>`;
      }
      case 'list': {
        const item = shape.member!;
        const itemName = item.locationName ?? 'member';
        return `<${name}>${(value as unknown[]).map((v) => this.writeElement(item, itemName, v, false)).join('')}</${name}>`;
      }
      case 'map': {
        const k = shape.key!;
        const vm = shape.value!;
        const entries = Object.entries(value as Record<string, unknown>)
          .map(([key, v]) => `<entry>${this.writeElement(k, k.locationName ?? 'key', key, false)}${this.writeElement(vm, vm.locationName ?? 'value', v, false)}</entry>`)
          .join('');
        return `<${name}>${entries}</${name}>`;
      }
      default:
        return `<${name}>${this.scalarText(member, value)}</${name}>`;
    }
  }

  private scalarText(member: Member, value: unknown): string {
    switch (member.shape.type) {
      case 'timestamp':
        return timestampOf(value).toISOString();
      case 'blob':
        return Buffer.isBuffer(value) ? value.toString('base64') : escapeXml(String(value));
      default:
        return escapeXml(String(value));
    }
  }
}

/**
 * The body as a stream, aws-chunked decoded. The decoder fails with S3's error (IncompleteBody,
 * SignatureDoesNotMatch ...), also when the client goes away mid-body; a plain body is the request itself,
 * which fails with the socket's error.
 */
function bodyStream(request: WireRequest, stream: Readable): StreamingBody {
  if (!isAwsChunked(request.headers)) return stream as StreamingBody;
  const decoder = new AwsChunkedDecoder(request.headers, request.chunkSigning);
  const cut = (): void => {
    if (!stream.readableEnded) decoder.destroy(incompleteBody());
  };
  stream.once('error', cut);
  stream.once('close', cut);
  // The handler may stop reading (a failed write): the request is then left to the HTTP server to drain.
  decoder.once('close', () => stream.unpipe(decoder));
  stream.pipe(decoder);
  return decoder;
}

function bufferStream(body: Buffer): StreamingBody {
  const stream = Readable.from(body.length > 0 ? [body] : []) as Readable & { trailers?: Record<string, string> };
  stream.trailers = {};
  return stream;
}

function readCapped(stream: Readable, cap: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > cap) {
        reject(new ServiceError('MaxMessageLengthExceeded', 'Your request was too big.', 400));
        stream.destroy();
        return;
      }
      chunks.push(chunk);
    });
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', (error) => reject(error instanceof ServiceError ? error : incompleteBody()));
    // Closed before its end: cut short. (Built on every close, the unused error cost each GET a stack trace.)
    stream.on('close', () => {
      if (!stream.readableEnded) reject(incompleteBody());
    });
  });
}

/** A header as the member reads it: an aws-chunked body's length is its decoded length, its encoding not aws-chunked. */
function headerValue(request: WireRequest, name: string, chunked: boolean): string | undefined {
  const v = request.headers[name];
  if (!chunked) return v;
  if (name === 'content-length') return request.headers['x-amz-decoded-content-length'] ?? v;
  if (name === 'content-encoding' && v !== undefined) return contentEncodingWithoutChunked(v);
  return v;
}

/** Header timestamps are RFC 1123 (`Wed, 12 Oct 2009 17:50:00 GMT`), as S3 writes `Last-Modified`. */
function headerText(member: Member, value: unknown): string {
  if (member.shape.type === 'timestamp') {
    const date = timestampOf(value);
    if (member.timestampFormat === 'iso8601') return date.toISOString();
    if (member.timestampFormat === 'unixTimestamp') return String(Math.floor(date.getTime() / 1000));
    return date.toUTCString();
  }
  return String(value);
}

function timestampOf(value: unknown): Date {
  if (value instanceof Date) return value;
  if (typeof value === 'string' && !/^\d+(\.\d+)?$/.test(value)) return new Date(value);
  return new Date(Number(value) * 1000);
}
