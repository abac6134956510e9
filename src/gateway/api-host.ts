/**
 * Which API a request through a VPC endpoint names (the names: domain/execute-api-host.ts): the private DNS name
 * `{api}.execute-api.{region}.amazonaws.com`, the alias `{api}-{vpce}.execute-api.{region}.amazonaws.com`,
 * or an endpoint name (or the bare `execute-api.{region}.amazonaws.com`) with an `x-apigw-api-id` header.
 */
import { hostOfHeader, parseExecuteApiHost } from '../domain/execute-api-host.js';

export interface NamedApi {
  apiId: string;
  /** The alias names a VPC endpoint, which must be the one the request came through and be associated. */
  aliasVpceId?: string;
}

export function namedApi(host: string | undefined, apiIdHeader: string | undefined): NamedApi | undefined {
  const name = parseExecuteApiHost(hostOfHeader(host ?? ''));
  if (name?.kind === 'execute-api-alias') return { apiId: name.apiId, aliasVpceId: name.vpceId };
  if (name?.kind === 'execute-api' && name.apiId !== undefined) return { apiId: name.apiId };
  return apiIdHeader ? { apiId: apiIdHeader.trim() } : undefined;
}
