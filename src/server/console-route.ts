/**
 * The web console's static files (built by `vite build console-ui` into dist/console/) at /_gatehouse/console/.
 * Known files are served with their content type; any other path under the console answers index.html, so the
 * console's client-side routes survive a reload; a missing hashed asset is a 404. The console works only
 * through Gatehouse's own AWS APIs, so these routes serve files and nothing else.
 *
 * Requests from another origin are refused: a browser names it in `Origin` or `Sec-Fetch-Site`, and a `Host`
 * that is not this server's name (DNS rebinding) is refused too.
 */
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { foreignOrigin } from './same-origin.js';

export const CONSOLE_PATH = '/_gatehouse/console/';

/** dist/src/server/ → dist/console/ */
const DEFAULT_ROOT = fileURLToPath(new URL('../../console/', import.meta.url));
/** dist/src/server/ → the package's folder, where `npm run build` is run. */
const PACKAGE_DIR = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * What to do when the console's files are not there: `npm ci` builds them (its `prepare` runs `vite build
 * console-ui`), but a checkout compiled with `tsc` alone, or a `dist/` emptied by hand, has none.
 */
export const CONSOLE_NOT_BUILT =
  `The Gatehouse console is not built yet: its files are made by \`npm run build\` (or \`npx vite build console-ui\`).\n` +
  `Run it in ${PACKAGE_DIR} and reload this page; Gatehouse need not be restarted.\n`;

/** Whether the console's files are there (`gatehouse up` says so at start-up when they are not). */
export function consoleBuilt(root: string = DEFAULT_ROOT): boolean {
  return existsSync(resolve(root, 'index.html'));
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'same-origin',
  'Content-Security-Policy': "default-src 'self'; img-src 'self' data:; style-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
};

/** Whether the request is for the console (then `serveConsole` answers it). */
export function isConsoleRequest(url: string | undefined): boolean {
  return url !== undefined && (url === '/_gatehouse/console' || url.startsWith('/_gatehouse/console/') || url.startsWith('/_gatehouse/console?'));
}

export interface ConsoleOptions {
  /** The host Gatehouse listens on (`--host`): its name is accepted in `Host` besides IP literals and localhost. */
  listenHost: string;
  /** The built console; dist/console/ by default. */
  root?: string;
}

export async function serveConsole(req: IncomingMessage, res: ServerResponse, options: ConsoleOptions): Promise<void> {
  const root = options.root ?? DEFAULT_ROOT;
  const refused = foreignOrigin(req.headers, options.listenHost);
  if (refused) return text(res, 403, `Gatehouse's console refuses requests from other origins (${refused}).`);
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    return text(res, 405, `The console's files are read with GET or HEAD, not ${req.method ?? ''}.`);
  }
  const url = new URL(req.url ?? '/', 'http://gatehouse');
  if (url.pathname === '/_gatehouse/console') {
    res.writeHead(308, { Location: CONSOLE_PATH + url.search, 'Content-Length': '0' });
    res.end();
    return;
  }
  let relative: string;
  try {
    relative = decodeURIComponent(url.pathname.slice(CONSOLE_PATH.length));
  } catch {
    return text(res, 400, 'The path is not valid percent-encoding.');
  }
  const base = resolve(root);
  const file = resolve(base, relative);
  if (relative.includes('\0') || (file !== base && !file.startsWith(base + sep))) return text(res, 404, 'Not found');
  if (relative !== '' && (await isFile(file))) return sendFile(req, res, file, relative.startsWith('assets/'));
  // A built asset that is not there is a 404, not the page: a stale index.html must not load HTML as a script.
  if (relative.startsWith('assets/')) return text(res, 404, 'Not found');
  const index = resolve(base, 'index.html');
  if (!(await isFile(index))) return text(res, 503, CONSOLE_NOT_BUILT);
  return sendFile(req, res, index, false);
}

async function sendFile(req: IncomingMessage, res: ServerResponse, file: string, immutable: boolean): Promise<void> {
  const body = await readFile(file);
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'Content-Type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': String(body.length),
    // Vite names built assets by their content hash; index.html must always be revalidated.
    'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

function text(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': String(Buffer.byteLength(message)) });
  res.end(message);
}
