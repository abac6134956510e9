/**
 * bench/s3's reference: a bare Node HTTP file server doing the disk work S3's PutObject and GetObject must do,
 * and nothing else. PUT /bucket/key streams the body to a temporary file while computing its MD5 (the ETag),
 * fsyncs, renames it to its own name under a fan-out folder, then drops the body it replaced; GET /bucket/key
 * streams the file back with its length and ETag. The index of keys lives in memory (Gatehouse's is SQLite,
 * which is part of what the bench measures). Run as its own process:
 * `node dist/bench/lib/bare-file-server.js DIR` prints `bare file server ready on http://127.0.0.1:PORT`.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync, openSync, renameSync, rmSync, unlinkSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';

interface Stored {
  name: string;
  size: number;
  etag: string;
  lastModified: string;
}

const root = process.argv[2];
if (!root) {
  console.error('usage: bare-file-server.js DIR');
  process.exit(2);
}
const temp = join(root, 'tmp');
const blobs = join(root, 'blobs');
mkdirSync(temp, { recursive: true });
mkdirSync(blobs, { recursive: true });
const index = new Map<string, Stored>();
const pathOf = (name: string): string => join(blobs, name.slice(0, 2), name);

async function put(req: IncomingMessage, res: ServerResponse, key: string): Promise<void> {
  const md5 = createHash('md5');
  let size = 0;
  const name = randomBytes(16).toString('hex');
  const tempPath = join(temp, name);
  try {
    const digesting = new Transform({
      transform(chunk: Buffer, _encoding, done: TransformCallback) {
        md5.update(chunk);
        size += chunk.length;
        done(null, chunk);
      },
    });
    await pipeline(req, digesting, createWriteStream(tempPath, { flags: 'wx' }));
    const handle = await open(tempPath, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    mkdirSync(join(blobs, name.slice(0, 2)), { recursive: true });
    renameSync(tempPath, pathOf(name));
  } catch (error) {
    rmSync(tempPath, { force: true });
    throw error;
  }
  const etag = `"${md5.digest('hex')}"`;
  const replaced = index.get(key);
  index.set(key, { name, size, etag, lastModified: new Date().toUTCString() });
  if (replaced) unlinkSync(pathOf(replaced.name));
  res.writeHead(200, { ETag: etag, 'Content-Length': '0' });
  res.end();
}

function get(res: ServerResponse, key: string): void {
  const stored = index.get(key);
  if (!stored) {
    res.writeHead(404, { 'Content-Length': '0' });
    res.end();
    return;
  }
  // Opened before answering, as Gatehouse does: a body replaced meanwhile still reads whole.
  const fd = openSync(pathOf(stored.name), 'r');
  res.writeHead(200, { 'Content-Type': 'binary/octet-stream', 'Content-Length': String(stored.size), ETag: stored.etag, 'Last-Modified': stored.lastModified });
  void pipeline(createReadStream('', { fd }), res).catch(() => res.destroy());
}

const server = createServer((req, res) => {
  const key = decodeURIComponent((req.url ?? '/').split('?')[0]!);
  if (req.method === 'PUT') {
    put(req, res, key).catch(() => {
      res.writeHead(500);
      res.end();
    });
  } else if (req.method === 'GET') get(res, key);
  else {
    req.resume();
    res.writeHead(405, { 'Content-Length': '0' });
    res.end();
  }
});
server.listen(0, '127.0.0.1', () => console.log(`bare file server ready on http://127.0.0.1:${(server.address() as AddressInfo).port}`));
process.on('SIGTERM', () => {
  server.close();
  rmSync(root, { recursive: true, force: true });
  process.exit(0);
});
