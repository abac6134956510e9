/**
 * Preloaded (`node --import`, through NODE_OPTIONS) into every Node process `gatehouse exec` runs: Node 20's
 * built-in fetch ignores HTTPS_PROXY, so this sets undici's global dispatcher, which the built-in fetch
 * shares, to a ProxyAgent for the instance named in HTTPS_PROXY. The local CA comes from NODE_EXTRA_CA_CERTS.
 */
import { ProxyAgent, setGlobalDispatcher } from 'undici';
import { proxyAuthorization } from '../network/proxy-credentials.js';

const proxy = process.env['HTTPS_PROXY'] ?? process.env['https_proxy'] ?? process.env['HTTP_PROXY'] ?? process.env['http_proxy'];
if (proxy) {
  const url = new URL(proxy);
  const instanceId = decodeURIComponent(url.username);
  setGlobalDispatcher(new ProxyAgent({ uri: `${url.protocol}//${url.host}`, ...(instanceId ? { token: proxyAuthorization(instanceId) } : {}) }));
}
