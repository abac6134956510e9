/**
 * The AWS service models as shipped in the aws-sdk v2 package (`apis/<service>-<version>.min.json`),
 * resolved into a linked graph of shapes once per service. The protocols read only this graph.
 */
import { createRequire } from 'node:module';
import { supplementModel } from './model-supplements.js';

/** A shape reference or inline shape exactly as the .min.json files write it. */
export interface RawShape {
  shape?: string;
  type?: string;
  members?: Record<string, RawShape>;
  member?: RawShape;
  key?: RawShape;
  value?: RawShape;
  required?: string[];
  payload?: string;
  resultWrapper?: string;
  location?: string;
  locationName?: string;
  queryName?: string;
  flattened?: boolean;
  timestampFormat?: string;
  xmlNamespace?: unknown;
  xmlAttribute?: boolean;
  jsonvalue?: boolean;
  /** A blob sent or answered as the raw HTTP body, of any size (S3's object bodies). */
  streaming?: boolean;
}

export interface RawOperation {
  name?: string;
  deprecated?: boolean;
  /** `none`: AWS serves the operation unsigned (Cognito's InitiateAuth, SignUp ...). */
  authtype?: string;
  http?: { method?: string; requestUri?: string; responseCode?: number };
  input?: RawShape;
  output?: RawShape;
}

export interface RawModel {
  metadata: ServiceMetadata;
  operations: Record<string, RawOperation>;
  shapes: Record<string, RawShape>;
}

export interface ServiceMetadata {
  apiVersion: string;
  endpointPrefix: string;
  protocol: string;
  serviceId: string;
  signingName?: string;
  targetPrefix?: string;
  jsonVersion?: string;
  xmlNamespace?: string;
}

export type ShapeType = 'structure' | 'list' | 'map' | 'string' | 'integer' | 'long' | 'float' | 'double' | 'boolean' | 'timestamp' | 'blob';

export interface Shape {
  type: ShapeType;
  /** structure */
  members: Map<string, Member>;
  required: readonly string[];
  payload?: string;
  resultWrapper?: string;
  /** list */
  member?: Member;
  /** map */
  key?: Member;
  value?: Member;
  flattened: boolean;
  timestampFormat?: string;
  jsonvalue: boolean;
}

/** A use of a shape: inside a structure, as a list element, or as a map key/value. */
export interface Member {
  name: string;
  shape: Shape;
  location?: 'uri' | 'querystring' | 'header' | 'headers' | 'statusCode';
  locationName?: string;
  queryName?: string;
  flattened: boolean;
  timestampFormat?: string;
  jsonvalue: boolean;
  /** rest-xml: written as an attribute of its structure's element (`xsi:type` of S3's Grantee). */
  xmlAttribute: boolean;
  /** rest-xml: a namespace the element declares (`xmlns:xsi="..."` on S3's Grantee). */
  xmlNamespace?: { prefix?: string; uri: string };
}

export interface HttpBinding {
  method: string;
  requestUri: string;
  responseCode: number;
}

export interface OperationModel {
  name: string;
  http: HttpBinding;
  input?: Shape;
  output?: Shape;
  /** query protocol: the element that wraps the output (`GetCallerIdentityResult`). */
  resultWrapper?: string;
  /** rest-xml: the output's root element (`ListBucketResult`), from the output's `locationName`. */
  outputRoot?: string;
  /** Superseded by another operation bound to the same request (S3's GetBucketLifecycle). */
  deprecated: boolean;
  /** AWS serves it without a signature (the model's `authtype: none`): `--strict-auth` lets it through unsigned. */
  unsigned: boolean;
}

export interface ServiceModel {
  metadata: ServiceMetadata;
  operations: ReadonlyMap<string, OperationModel>;
}

const EMPTY_MEMBERS: Map<string, Member> = new Map();

class Resolver {
  private readonly named = new Map<string, Shape>();
  constructor(private readonly shapes: Record<string, RawShape>) {}

  shape(raw: RawShape): Shape {
    if (raw.shape !== undefined) {
      const cached = this.named.get(raw.shape);
      if (cached) return cached;
      const target = this.shapes[raw.shape];
      if (!target) throw new Error(`model references unknown shape ${raw.shape}`);
      // Register before filling in, so recursive shapes terminate.
      const shape = this.blank(target);
      this.named.set(raw.shape, shape);
      this.fill(shape, target);
      return shape;
    }
    const shape = this.blank(raw);
    this.fill(shape, raw);
    return shape;
  }

  member(name: string, raw: RawShape): Member {
    const target = raw.shape !== undefined ? this.shapes[raw.shape] : undefined;
    const m: Member = {
      name,
      shape: this.shape(raw),
      flattened: Boolean(raw.flattened ?? target?.flattened),
      jsonvalue: Boolean(raw.jsonvalue ?? target?.jsonvalue),
      xmlAttribute: Boolean(raw.xmlAttribute ?? target?.xmlAttribute),
    };
    const ns = (raw.xmlNamespace ?? target?.xmlNamespace) as { prefix?: string; uri?: string } | undefined;
    if (ns?.uri !== undefined) m.xmlNamespace = ns.prefix === undefined ? { uri: ns.uri } : { prefix: ns.prefix, uri: ns.uri };
    if (raw.location !== undefined) m.location = raw.location as Member['location'];
    const locationName = raw.locationName ?? target?.locationName;
    if (locationName !== undefined) m.locationName = locationName;
    if (raw.queryName !== undefined) m.queryName = raw.queryName;
    const tf = raw.timestampFormat ?? target?.timestampFormat;
    if (tf !== undefined) m.timestampFormat = tf;
    return m;
  }

  private blank(raw: RawShape): Shape {
    const type = (raw.type ?? (raw.members ? 'structure' : 'string')) as ShapeType;
    const shape: Shape = { type, members: EMPTY_MEMBERS, required: raw.required ?? [], flattened: Boolean(raw.flattened), jsonvalue: Boolean(raw.jsonvalue) };
    if (raw.payload !== undefined) shape.payload = raw.payload;
    if (raw.resultWrapper !== undefined) shape.resultWrapper = raw.resultWrapper;
    if (raw.timestampFormat !== undefined) shape.timestampFormat = raw.timestampFormat;
    return shape;
  }

  private fill(shape: Shape, raw: RawShape): void {
    if (raw.members) {
      const members = new Map<string, Member>();
      for (const [name, m] of Object.entries(raw.members)) members.set(name, this.member(name, m));
      shape.members = members;
    }
    if (raw.member) shape.member = this.member('member', raw.member);
    if (raw.key) shape.key = this.member('key', raw.key);
    if (raw.value) shape.value = this.member('value', raw.value);
  }
}

const require = createRequire(import.meta.url);

const supplemented = new WeakSet<RawModel>();

/**
 * `apis/<file>.min.json` (Node's require caches it) with its model supplement applied (model-supplements.ts),
 * once: the supplement changes the cached object itself.
 */
export function loadRawModel(file: string): RawModel {
  const model = require(`aws-sdk/apis/${file}.min.json`) as RawModel;
  if (!supplemented.has(model)) {
    supplementModel(file, model);
    supplemented.add(model);
  }
  return model;
}
const cache = new Map<string, ServiceModel>();

/** Loads and links `apis/<file>.min.json` from the aws-sdk package; cached, so each model is read once. */
export function loadServiceModel(file: string): ServiceModel {
  const hit = cache.get(file);
  if (hit) return hit;
  const raw = loadRawModel(file);
  const resolver = new Resolver(raw.shapes);
  const operations = new Map<string, OperationModel>();
  for (const [name, op] of Object.entries(raw.operations)) {
    const model: OperationModel = {
      name,
      http: {
        method: op.http?.method ?? 'POST',
        requestUri: op.http?.requestUri ?? '/',
        responseCode: op.http?.responseCode ?? 200,
      },
      deprecated: op.deprecated === true,
      unsigned: op.authtype === 'none',
    };
    if (op.input) model.input = resolver.shape(op.input);
    if (op.output) model.output = resolver.shape(op.output);
    if (op.output?.resultWrapper !== undefined) model.resultWrapper = op.output.resultWrapper;
    if (op.output?.locationName !== undefined) model.outputRoot = op.output.locationName;
    operations.set(name, model);
  }
  const model: ServiceModel = { metadata: raw.metadata, operations };
  cache.set(file, model);
  return model;
}
