/**
 * The AWS SDK for JavaScript v2 (already a dependency: it ships the models) used offline as a reference
 * client in the wire tests: it builds the exact HTTP request a real client sends for an operation, and
 * reads a response the way a real client reads it. Nothing goes over the network. Tests only.
 */
import { createRequire } from 'node:module';
import type { WireRequest, WireResponse } from '../types.js';

// The v2 SDK warns on load that it is in maintenance mode; that is noise in test output.
process.env['AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE'] = '1';
const require = createRequire(import.meta.url);

/** The v2 client files, by the model each wire test loads. */
const CLIENTS = {
  apigateway: 'apigateway',
  lambda: 'lambda',
  sts: 'sts',
  iam: 'iam',
  cloudformation: 'cloudformation',
  ec2: 'ec2',
  ssm: 'ssm',
} as const;
export type SdkService = keyof typeof CLIENTS;

interface SdkHttpResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: Buffer;
}

interface SdkResponse {
  httpResponse: SdkHttpResponse;
  data: Record<string, unknown> | null;
  error: (Error & { code?: string; requestId?: string }) | null;
  requestId?: string;
}

interface SdkRequest {
  httpRequest: { method: string; path: string; headers: Record<string, string | number>; body: string | Buffer };
  response: SdkResponse;
  build(callback: (err: Error | null) => void): void;
  emit(event: string, args: unknown[], done: (err: Error | null) => void): void;
}

interface SdkClient {
  makeRequest(operation: string, params: unknown): SdkRequest;
}

type SdkClientClass = new (options: Record<string, unknown>) => SdkClient;

const clients = new Map<SdkService, SdkClient>();

function client(service: SdkService): SdkClient {
  let c = clients.get(service);
  if (!c) {
    const core = require('aws-sdk/lib/core') as { Credentials: new (id: string, secret: string) => unknown };
    const Client = require(`aws-sdk/clients/${CLIENTS[service]}`) as SdkClientClass;
    c = new Client({
      region: 'us-east-1',
      endpoint: 'http://localhost:4566',
      credentials: new core.Credentials('AKIDEXAMPLE', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'),
      maxRetries: 0,
    });
    clients.set(service, c);
  }
  return c;
}

/** `DescribeVpcs` → `describeVpcs`, the v2 client's method name. */
const methodName = (operation: string): string => operation.charAt(0).toLowerCase() + operation.slice(1);

/** The request a real v2 client sends for `operation(params)`, as the wire layer sees it. */
export function sdkRequest(service: SdkService, operation: string, params: Record<string, unknown> = {}): Promise<WireRequest> {
  const req = client(service).makeRequest(methodName(operation), params);
  return new Promise((resolve, reject) => {
    req.build((err) => {
      if (err) return reject(err);
      const { method, path, headers, body } = req.httpRequest;
      const [rawPath = '/', query = ''] = path.split('?', 2);
      const lower: Record<string, string> = {};
      for (const [k, v] of Object.entries(headers)) lower[k.toLowerCase()] = String(v);
      resolve({ method, path: rawPath, query, headers: lower, body: Buffer.isBuffer(body) ? body : Buffer.from(body ?? '') });
    });
  });
}

export type SdkResult =
  | { ok: true; data: Record<string, unknown>; requestId: string | undefined }
  | { ok: false; code: string | undefined; message: string | undefined; requestId: string | undefined };

/** What a real v2 client makes of `response` to `operation`: its parsed output, or its error. */
export function sdkRead(service: SdkService, operation: string, response: WireResponse): Promise<SdkResult> {
  const req = client(service).makeRequest(methodName(operation), {});
  const resp = req.response;
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(response.headers)) headers[k.toLowerCase()] = v;
  resp.httpResponse.statusCode = response.status;
  resp.httpResponse.headers = headers;
  if (typeof response.body !== 'string' && !Buffer.isBuffer(response.body)) throw new Error('sdkRead reads whole bodies only');
  resp.httpResponse.body = Buffer.isBuffer(response.body) ? response.body : Buffer.from(response.body);
  const failed = response.status >= 300;
  return new Promise((resolve, reject) => {
    req.emit(failed ? 'extractError' : 'extractData', [resp], (err) => {
      if (err) return reject(err);
      if (failed) {
        const e = resp.error;
        resolve({ ok: false, code: e?.code, message: e?.message, requestId: e?.requestId ?? resp.requestId });
      } else {
        resolve({ ok: true, data: resp.data ?? {}, requestId: resp.requestId });
      }
    });
  });
}
