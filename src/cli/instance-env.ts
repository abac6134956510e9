/**
 * The environment that puts a process "on" an instance: its HTTP(S) leaves through the egress proxy as that
 * instance, and it trusts the local CA. Every common client reads one of these: curl (HTTPS_PROXY,
 * CURL_CA_BUNDLE), OpenSSL-based tools (SSL_CERT_FILE), Python requests (REQUESTS_CA_BUNDLE), the AWS CLI
 * and SDKs (AWS_CA_BUNDLE), Node (NODE_EXTRA_CA_CERTS; its built-in fetch ignores proxy variables, so a
 * preload sets undici's global dispatcher). NO_PROXY is emptied: nothing on an instance bypasses its network.
 *
 * The instance metadata service is the instance's own loopback listener: `AWS_EC2_METADATA_SERVICE_ENDPOINT`
 * (read by botocore, so the CLI v1 and v2 and boto3, and by SDK v3, whose IMDS client ignores proxy variables)
 * with `AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE=IPv4`. For an instance launched with an instance profile, the
 * credentials the shell already holds are dropped (`CREDENTIAL_VARIABLES`), so the credential chain reaches
 * IMDS and signs as the role, as on EC2.
 */
import { instanceProxyUrl } from '../network/proxy-credentials.js';

export interface InstanceEnvInput {
  instanceId: string;
  proxy: { host: string; port: number };
  caFile: string;
  /** file: URL of the fetch preload (fetch-proxy-preload.js). */
  preloadUrl: string;
  /** NODE_OPTIONS already in force, kept ahead of the preload. */
  nodeOptions?: string | undefined;
  /** The instance's metadata service on loopback. */
  imds?: { host: string; port: number } | undefined;
}

/**
 * What a shell's environment carries that would stop an SDK from asking IMDS for the instance role's credentials:
 * keys (which win over IMDS in every credential chain), a profile, and the switch that turns IMDS off.
 */
export const CREDENTIAL_VARIABLES: readonly string[] = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_SECURITY_TOKEN', 'AWS_PROFILE', 'AWS_DEFAULT_PROFILE', 'AWS_EC2_METADATA_DISABLED'];

export function instanceEnvironment(input: InstanceEnvInput): Record<string, string> {
  const proxy = instanceProxyUrl(input.instanceId, input.proxy.host, input.proxy.port);
  const importPreload = `--import=${quoteNodeOption(input.preloadUrl)}`;
  const nodeOptions = input.nodeOptions?.includes(importPreload) ? input.nodeOptions : [input.nodeOptions, importPreload].filter(Boolean).join(' ');
  return {
    HTTPS_PROXY: proxy,
    HTTP_PROXY: proxy,
    https_proxy: proxy,
    http_proxy: proxy,
    NO_PROXY: '',
    no_proxy: '',
    SSL_CERT_FILE: input.caFile,
    CURL_CA_BUNDLE: input.caFile,
    REQUESTS_CA_BUNDLE: input.caFile,
    AWS_CA_BUNDLE: input.caFile,
    NODE_EXTRA_CA_CERTS: input.caFile,
    NODE_OPTIONS: nodeOptions,
    GATEHOUSE_INSTANCE_ID: input.instanceId,
    ...(input.imds ? { AWS_EC2_METADATA_SERVICE_ENDPOINT: `http://${input.imds.host}:${input.imds.port}/`, AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE: 'IPv4' } : {}),
  };
}

/** NODE_OPTIONS splits on spaces unless a value is in double quotes. */
function quoteNodeOption(value: string): string {
  return /[\s"\\]/.test(value) ? `"${value.replace(/(["\\])/g, '\\$1')}"` : value;
}

/** `export NAME='value'` lines a POSIX shell can eval (after `unset` lines for `unset`). */
export function exportLines(env: Record<string, string>, unset: readonly string[] = []): string {
  return (unset.length > 0 ? `unset ${unset.join(' ')}\n` : '') + Object.entries(env)
    .map(([name, value]) => `export ${name}=${shellQuote(value)}\n`)
    .join('');
}

export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
