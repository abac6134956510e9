/**
 * S3 after a crash: `gatehouse up` on a data dir is killed with SIGKILL while an upload streams in. Started again
 * on the same data dir, every acknowledged object is there byte for byte, the interrupted one is not (neither
 * listed nor readable), and no file of it is left on disk: what a crash leaves is swept before any request runs.
 */
import { CreateBucketCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { credentials, REGION, sigv4Header, tempDataDir } from './support/server.js';

const BIN = fileURLToPath(new URL('../../bin/gatehouse.js', import.meta.url));

async function start(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [BIN, 'up', '--port', '0', '--data-dir', dataDir, '--log-level', 'silent'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.setEncoding('utf8');
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: string) => {
      out += chunk;
      const m = /Gatehouse ready on (http:\/\/127\.0\.0\.1:\d+)\n/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`exited early with ${code}: ${out}`)));
  });
  return { child, url };
}

/** Every file under `dir`, recursively, with its size. */
function files(dir: string): Array<{ path: string; size: number }> {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .map((path) => ({ path, size: statSync(path).size }));
}

/** Resolves once `check` holds, looking again on each turn of the event loop's timers (a state, not a time). */
async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setImmediate(resolve));
}

test('kill -9 during an upload: acknowledged objects survive, the interrupted one is neither visible nor left on disk', async () => {
  const dataDir = tempDataDir();
  const objectsDir = join(dataDir, 's3');
  let { child, url } = await start(dataDir);
  let s3 = new S3Client({ endpoint: url, region: REGION, credentials, forcePathStyle: true, maxAttempts: 1 });
  try {
    await s3.send(new CreateBucketCommand({ Bucket: 'crash' }));
    await s3.send(new PutObjectCommand({ Bucket: 'crash', Key: 'kept', Body: 'acknowledged before the crash' }));
    const before = files(join(objectsDir, 'blobs'));
    assert.equal(before.length, 1);

    // 8 MiB announced, 1 MiB sent: the body is being written when the process dies.
    const { port } = new URL(url);
    const upload = request({
      host: '127.0.0.1', port, method: 'PUT', path: '/crash/interrupted',
      headers: { authorization: sigv4Header('s3'), 'x-amz-date': '20261206T000000Z', 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD', 'content-length': String(8 * 1024 * 1024) },
    });
    upload.on('error', () => undefined);
    upload.write(Buffer.alloc(1024 * 1024, 7));
    await until(() => files(join(objectsDir, 'tmp')).some((f) => f.size > 0));
    child.kill('SIGKILL');
    await once(child, 'exit');
    upload.destroy();
    s3.destroy();

    ({ child, url } = await start(dataDir));
    s3 = new S3Client({ endpoint: url, region: REGION, credentials, forcePathStyle: true, maxAttempts: 1 });
    const kept = await s3.send(new GetObjectCommand({ Bucket: 'crash', Key: 'kept' }));
    assert.equal(await kept.Body!.transformToString(), 'acknowledged before the crash');
    await assert.rejects(s3.send(new HeadObjectCommand({ Bucket: 'crash', Key: 'interrupted' })), { name: 'NotFound' });
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'crash' }));
    assert.deepEqual(listed.Contents?.map((c) => c.Key), ['kept']);
    assert.deepEqual(files(join(objectsDir, 'tmp')), [], 'the half-written body was swept');
    assert.deepEqual(files(join(objectsDir, 'blobs')), before, 'only the acknowledged body is on disk');
  } finally {
    s3.destroy();
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
});
