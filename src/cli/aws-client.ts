/**
 * A few AWS calls to a running Gatehouse, for CLI commands that drive it (`gatehouse tutorial`), signed with
 * SigV4 as the default `test`/`test` credentials (so they pass `--strict-auth` too); the SDKs stay development
 * dependencies.
 */
import { signRequest } from '../wire/sigv4-sign.js';

export interface AwsAnswer {
  status: number;
  text: string;
}

export class GatehouseAwsClient {
  constructor(
    private readonly endpointUrl: string,
    private readonly region = 'us-east-1',
    private readonly accessKeyId = 'test',
  ) {}

  /** The default credentials' secret: `test` for the `test` key (shared/known-secrets.ts), else the key itself. */
  private signed(service: string, method: string, url: URL, body: string | undefined, contentType: string): Record<string, string> {
    const key = { accessKeyId: this.accessKeyId, secret: this.accessKeyId === 'test' ? 'test' : this.accessKeyId };
    return signRequest({ method, url, headers: { 'content-type': contentType }, body: body ?? '' }, key, this.region, service, new Date());
  }

  /** A rest-json call (API Gateway, Lambda); throws with AWS's message on an error status. */
  async json(service: string, method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
    const res = await this.send(service, method, path, body === undefined ? undefined : JSON.stringify(body), 'application/json');
    return res.text === '' ? {} : (JSON.parse(res.text) as Record<string, unknown>);
  }

  /** A query-protocol call (CloudFormation); returns the XML answer. */
  async query(service: string, version: string, action: string, params: Record<string, string>): Promise<string> {
    const form = new URLSearchParams({ Action: action, Version: version, ...params });
    return (await this.send(service, 'POST', '/', form.toString(), 'application/x-www-form-urlencoded')).text;
  }

  private async send(service: string, method: string, path: string, body: string | undefined, contentType: string): Promise<AwsAnswer> {
    let res: Response;
    try {
      const url = new URL(path, this.endpointUrl);
      res = await fetch(url, { method, headers: this.signed(service, method, url, body, contentType), ...(body !== undefined && { body }) });
    } catch {
      throw new Error(`no Gatehouse answers at ${this.endpointUrl} (start one with \`gatehouse up\`, or name it with --endpoint-url)`);
    }
    const text = await res.text();
    if (res.status >= 400) {
      const message = /<Message>([^<]*)<\/Message>/.exec(text)?.[1] ?? (JSON.parse(text || '{}') as { message?: string; Message?: string }).message ?? text;
      throw new Error(`${service} ${method} ${path}: ${res.status} ${message}`);
    }
    return { status: res.status, text };
  }
}

/** The text of every `<name>` element, in order (enough for the few CloudFormation answers the CLI reads). */
export function xmlValues(xml: string, name: string): string[] {
  return [...xml.matchAll(new RegExp(`<${name}>([^<]*)</${name}>`, 'g'))].map((m) => decodeXml(m[1]!));
}

function decodeXml(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}
