/**
 * A Lambda authorizer's identity sources, as API Gateway reads `identitySource`: one request header for a
 * TOKEN authorizer (`method.request.header.Authorization`); for a REQUEST authorizer a comma-separated list of
 * headers, query strings, stage variables and `$context` variables. Read once when the authorizer is written
 * (the control plane refuses what does not parse) and again when a deployment is compiled.
 */

export type IdentitySource =
  | { kind: 'header'; name: string }
  | { kind: 'querystring'; name: string }
  | { kind: 'stageVariable'; name: string }
  | { kind: 'context'; name: string };

const TOKEN_SOURCE = /^method\.request\.header\.([a-zA-Z0-9._-]+)$/;
const REQUEST_SOURCE = /^(?:method\.request\.(header|querystring)\.|(stageVariables|context)\.)([^\s,]+)$/;

/** A TOKEN authorizer's header, or AWS's message for a source that is not one. */
export function tokenSource(identitySource: string): { ok: true; source: IdentitySource } | { ok: false; message: string } {
  const header = TOKEN_SOURCE.exec(identitySource.trim())?.[1];
  if (header !== undefined) return { ok: true, source: { kind: 'header', name: header } };
  return { ok: false, message: `Invalid token source expression: ${identitySource}. The source must be a method request header, matching 'method.request.header.[a-zA-Z0-9._-]+'.` };
}

/** A REQUEST authorizer's sources (none for an empty string), or a message naming the first that is not one. */
export function requestSources(identitySource: string): { ok: true; sources: IdentitySource[] } | { ok: false; message: string } {
  const sources: IdentitySource[] = [];
  if (identitySource.trim() === '') return { ok: true, sources };
  for (const raw of identitySource.split(',')) {
    const expression = raw.trim();
    const m = REQUEST_SOURCE.exec(expression);
    if (!m) {
      // Gatehouse's wording: AWS's text for a bad REQUEST source has not been recorded.
      return { ok: false, message: `Invalid identity source expression: ${expression}. The source must be a method request header or query string, a stage variable or a context variable, as in method.request.header.Auth, method.request.querystring.token, stageVariables.key or context.sourceIp.` };
    }
    const where = m[1] ?? m[2];
    const name = m[3]!;
    sources.push(where === 'header' ? { kind: 'header', name } : where === 'querystring' ? { kind: 'querystring', name } : where === 'stageVariables' ? { kind: 'stageVariable', name } : { kind: 'context', name });
  }
  return { ok: true, sources };
}
