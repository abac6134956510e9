/**
 * Attribution of a connection: the egress proxy marks the socket it hands to an endpoint listener with the
 * ConnectionOrigin it established; the listener reads it back for each request. A connection that reached
 * the listener's port directly carries none.
 */
import type { Socket } from 'node:net';
import type { ConnectionOrigin } from '../domain/ec2.js';

const origins = new WeakMap<object, ConnectionOrigin>();

export function attachOrigin(socket: Socket, origin: ConnectionOrigin): void {
  origins.set(socket, origin);
}

/**
 * The origin of a request's connection. A TLS server wraps the socket it was handed in a TLSSocket whose
 * `_parent` is that socket (a long-standing Node internal; the public API has no other way back to it).
 */
export function originOf(socket: Socket): ConnectionOrigin | undefined {
  return origins.get(socket) ?? origins.get((socket as Socket & { _parent?: object })._parent ?? socket);
}
