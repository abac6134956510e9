/**
 * Integration URIs: `${stageVariables.name}` placeholders (developer guide, "Stage variables": URLs and ARNs
 * of integrations may use them), and for HTTP integrations `{name}` path placeholders filled from the
 * integration request path parameters. API Gateway decodes a parameter before it sends it on (a `%2F` in a
 * `{proxy+}` value reaches the backend as `/`: docs/notes/execute-api-data-plane.md §1.3), so a value is
 * decoded, then encoded again segment by segment, keeping its slashes.
 */
import { configurationError } from './errors.js';

const STAGE_VARIABLE = /\$\{stageVariables\.([A-Za-z0-9_.:~-]+)\}/g;

export function withStageVariables(uri: string, variables: Record<string, string> | undefined): string {
  return uri.includes('${') ? uri.replace(STAGE_VARIABLE, (_m, name: string) => variables?.[name] ?? '') : uri;
}

function decodeLeniently(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** A path parameter value as it goes into the backend URL. */
export function encodePathValue(value: string): string {
  return decodeLeniently(value)
    .split('/')
    .map((segment) => encodeURIComponent(segment).replace(/%(?:3A|40|2B|24|2C|3B|3D|21|27|28|29|2A)/g, decodeURIComponent))
    .join('/');
}

/**
 * The backend URL of an HTTP integration: stage variables, then each `{name}` (also `{name+}`) filled from
 * `path` (the integration request path parameters) or, when no mapping names it, from the method request's
 * path parameter of the same name. Not an http(s) URL: a configuration error.
 */
export function backendUrl(uri: string, variables: Record<string, string> | undefined, path: Record<string, string>, methodPath: Record<string, string>): URL {
  const filled = withStageVariables(uri, variables).replace(/\{([^{}/?#+]+)\+?\}/g, (_m, name: string) => {
    const value = path[name] ?? methodPath[name];
    return value === undefined ? '' : encodePathValue(value);
  });
  let url: URL;
  try {
    url = new URL(filled);
  } catch {
    throw configurationError(`Invalid endpoint address: ${filled}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw configurationError(`Invalid endpoint address: ${filled}`);
  return url;
}
