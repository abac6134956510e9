/**
 * What an endpoint listener does with a request: an injected function, so the execute-api pipeline (the
 * gateway layer) plugs in without the network layer knowing it. `forbiddenHandler` is the answer AWS gives a
 * request that names no deployed private API (403 {"message":"Forbidden"}): the network layer's own tests use
 * it where no pipeline is plugged in.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ConnectionOrigin } from '../domain/ec2.js';

/** `origin` is undefined when the connection did not come through the egress proxy from an instance. */
export type ExecuteApiHandler = (req: IncomingMessage, res: ServerResponse, origin: ConnectionOrigin | undefined) => void;

// Hot path: the body and its length are computed once, not per request.
const FORBIDDEN_BODY = Buffer.from('{"message":"Forbidden"}');
const FORBIDDEN_LENGTH = String(FORBIDDEN_BODY.length);

export const forbiddenHandler: ExecuteApiHandler = (req, res) => {
  req.resume();
  res.writeHead(403, {
    'Content-Type': 'application/json',
    'Content-Length': FORBIDDEN_LENGTH,
    'x-amzn-RequestId': randomUUID(),
    'x-amzn-ErrorType': 'ForbiddenException',
  });
  res.end(FORBIDDEN_BODY);
};
