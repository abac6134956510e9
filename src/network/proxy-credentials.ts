/**
 * How an instance is named to the egress proxy: the user name of Basic proxy credentials, as a proxy URL
 * `http://i-0abc…@127.0.0.1:PORT` makes curl send it. The password is ignored, but the URLs Gatehouse hands
 * out carry one: botocore (the AWS CLI) and Python requests send no credentials at all without a password.
 */

const PASSWORD = 'gatehouse';

export function proxyAuthorization(instanceId: string): string {
  return `Basic ${Buffer.from(`${instanceId}:${PASSWORD}`).toString('base64')}`;
}

/** The instance id in a Proxy-Authorization header, or undefined when there is none. */
export function instanceIdFromProxyAuthorization(header: string | undefined): string | undefined {
  const m = header === undefined ? null : /^basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header);
  if (!m) return undefined;
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const user = decodeURIComponentSafe(colon < 0 ? decoded : decoded.slice(0, colon)).trim();
  return user === '' ? undefined : user;
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** `http://{instance}:gatehouse@host:port`: the proxy URL a program on the instance is given. */
export function instanceProxyUrl(instanceId: string, host: string, port: number): string {
  return `http://${encodeURIComponent(instanceId)}:${PASSWORD}@${host}:${port}`;
}
