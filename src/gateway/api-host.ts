/**
 * Which API a request through a VPC endpoint names (aws-facts §1.1): the private DNS name
 * `{api}.execute-api.{region}.amazonaws.com`, the alias `{api}-{vpce}.execute-api.{region}.amazonaws.com`,
 * or an endpoint name (or the bare `execute-api.{region}.amazonaws.com`) with an `x-apigw-api-id` header.
 */

export interface NamedApi {
  apiId: string;
  /** The alias names a VPC endpoint, which must be the one the request came through and be associated. */
  aliasVpceId?: string;
}

const PRIVATE_NAME = /^([a-z0-9]{10})\.execute-api\.[a-z0-9-]+\.amazonaws\.com$/;
const ALIAS = /^([a-z0-9]{10})-(vpce-[0-9a-f]+)\.execute-api\.[a-z0-9-]+\.amazonaws\.com$/;

export function namedApi(host: string | undefined, apiIdHeader: string | undefined): NamedApi | undefined {
  const name = (host ?? '').toLowerCase().replace(/:\d+$/, '').replace(/\.$/, '');
  const alias = ALIAS.exec(name);
  if (alias) return { apiId: alias[1]!, aliasVpceId: alias[2]! };
  const direct = PRIVATE_NAME.exec(name);
  if (direct) return { apiId: direct[1]! };
  return apiIdHeader ? { apiId: apiIdHeader.trim() } : undefined;
}
