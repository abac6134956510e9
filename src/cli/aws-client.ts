/**
 * A few unsigned AWS calls to a running Gatehouse, for CLI commands that drive it (`gatehouse tutorial`).
 * Gatehouse routes by the SigV4 credential scope and does not check signatures, so an Authorization header
 * naming the service is enough; the SDKs stay development dependencies.
 */
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

  private authorization(service: string): string {
    const day = new Date().toISOString().slice(0, 10).replaceAll('-', '');
    return `AWS4-HMAC-SHA256 Credential=${this.accessKeyId}/${day}/${this.region}/${service}/aws4_request, SignedHeaders=host, Signature=0`;
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
      res = await fetch(new URL(path, this.endpointUrl), { method, headers: { Authorization: this.authorization(service), 'Content-Type': contentType }, ...(body !== undefined && { body }) });
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
