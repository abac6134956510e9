/**
 * Resource servers: an identifier (usually the API's URL) and its custom scopes, which app clients may be
 * allowed (`{identifier}/{scope}`) and the client credentials grant puts in access tokens.
 */
import type { Operations } from '../../wire/models/cognito-idp-2016-04-18.js';
import type { OperationContext } from '../types.js';
import { checkRange, required } from './checks.js';
import { resourceServerExists, resourceServerNotFound, validationError } from './errors.js';
import { findPool, resourceServers, type StoredPool, type StoredResourceServer } from './state.js';

type Input<Op extends keyof Operations> = Operations[Op]['input'];

function checkIdentifier(value: string | undefined): string {
  const id = required('identifier', value);
  if (id.length < 1 || id.length > 256 || !/^[\x21\x23-\x5B\x5D-\x7E]+$/.test(id)) {
    throw validationError(`Value '${id}' at 'identifier' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\x21\\x23-\\x5B\\x5D-\\x7E]+`);
  }
  return id;
}

function checkScopes(scopes: Input<'CreateResourceServer'>['Scopes']): StoredResourceServer['scopes'] {
  if (scopes !== undefined && scopes.length > 100) throw validationError(`Value '[...]' at 'scopes' failed to satisfy constraint: Member must have length less than or equal to 100`);
  return (scopes ?? []).map((s, i) => {
    const name = required(`scopes.${i + 1}.member.scopeName`, s.ScopeName);
    if (!/^[\x21\x23-\x2E\x30-\x5B\x5D-\x7E]+$/.test(name) || name.length > 256) {
      throw validationError(`Value '${name}' at 'scopes.${i + 1}.member.scopeName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\x21\\x23-\\x2E\\x30-\\x5B\\x5D-\\x7E]+`);
    }
    return { ScopeName: name, ScopeDescription: required(`scopes.${i + 1}.member.scopeDescription`, s.ScopeDescription) };
  });
}

const view = (pool: StoredPool, r: StoredResourceServer) => ({ UserPoolId: pool.id, Identifier: r.identifier, Name: r.name, ...(r.scopes.length > 0 ? { Scopes: r.scopes } : {}) });

function findServer(ctx: OperationContext, pool: StoredPool, identifier: string | undefined): StoredResourceServer {
  const id = checkIdentifier(identifier);
  const found = resourceServers(ctx).get(ctx.scope, pool.id, id);
  if (!found) throw resourceServerNotFound(id);
  return found;
}

export function createResourceServer(input: Input<'CreateResourceServer'>, ctx: OperationContext) {
  const pool = findPool(ctx, input.UserPoolId);
  const identifier = checkIdentifier(input.Identifier);
  const name = required('name', input.Name);
  const server: StoredResourceServer = { identifier, name, scopes: checkScopes(input.Scopes) };
  if (resourceServers(ctx).has(ctx.scope, pool.id, identifier)) throw resourceServerExists(identifier);
  resourceServers(ctx).insert(ctx.scope, pool.id, identifier, server);
  return { ResourceServer: view(pool, server) };
}

export function describeResourceServer(input: Input<'DescribeResourceServer'>, ctx: OperationContext) {
  const pool = findPool(ctx, input.UserPoolId);
  return { ResourceServer: view(pool, findServer(ctx, pool, input.Identifier)) };
}

export function updateResourceServer(input: Input<'UpdateResourceServer'>, ctx: OperationContext) {
  const pool = findPool(ctx, input.UserPoolId);
  const server = findServer(ctx, pool, input.Identifier);
  const updated: StoredResourceServer = { identifier: server.identifier, name: required('name', input.Name), scopes: checkScopes(input.Scopes) };
  resourceServers(ctx).update(ctx.scope, pool.id, server.identifier, updated);
  return { ResourceServer: view(pool, updated) };
}

export function listResourceServers(input: Input<'ListResourceServers'>, ctx: OperationContext) {
  const pool = findPool(ctx, input.UserPoolId);
  const max = checkRange('maxResults', required('maxResults', input.MaxResults), 1, 50)!;
  const page = resourceServers(ctx).page(ctx.scope, pool.id, max, input.NextToken);
  return { ResourceServers: page.items.map((r) => view(pool, r)), ...(page.next === undefined ? {} : { NextToken: page.next }) };
}

export function deleteResourceServer(input: Input<'DeleteResourceServer'>, ctx: OperationContext): void {
  const pool = findPool(ctx, input.UserPoolId);
  const server = findServer(ctx, pool, input.Identifier);
  resourceServers(ctx).delete(ctx.scope, pool.id, server.identifier);
}
