/** The blob store: bodies stream in with their checksums, read back by range, and a crash or failure leaves nothing visible. */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, it } from 'node:test';
import { BlobStore } from './blob-store.js';

const text = async (r: Readable): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const c of r) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

const filesUnder = (dir: string): string[] => readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name);

describe('BlobStore', () => {
  let blobs: BlobStore;
  afterEach(() => blobs.dispose());

  it('stores a stream with its MD5 and the asked-for checksums, and reads it whole or by range', async () => {
    blobs = BlobStore.temporary();
    const written = await blobs.write(Readable.from([Buffer.from('hel'), Buffer.from('lo')]), ['CRC32', 'CRC32C', 'SHA1', 'SHA256', 'CRC64NVME']);
    assert.equal(written.size, 5);
    assert.equal(written.md5.toString('hex'), '5d41402abc4b2a76b9719d911017c592');
    assert.deepEqual(written.checksums, {
      CRC32: 'NhCmhg==',
      CRC32C: 'mnG7TA==',
      SHA1: 'qvTGHdzF6KLavt4PO0gs2a6pQ00=',
      SHA256: 'LPJNul+wow4m6DsqxbninhsWHlwfp0JecwQzYpOLmCQ=',
      CRC64NVME: 'M3eFcAZSQlc=',
    });
    assert.equal(await text(blobs.read(written.key)), 'hello');
    assert.equal(await text(blobs.read(written.key, { start: 1, end: 3 })), 'ell');
  });

  it('concatenates stored bodies into a new one', async () => {
    blobs = BlobStore.temporary();
    const a = await blobs.write(Readable.from([Buffer.from('abc')]));
    const b = await blobs.write(Readable.from([Buffer.from('def')]));
    const c = await blobs.concat([a.key, b.key], ['CRC32']);
    assert.equal(c.size, 6);
    assert.equal(await text(blobs.read(c.key)), 'abcdef');
  });

  it('concat opens its sources one at a time: 1,500 parts under a limit of 256 descriptors; a source removed after the call still copies', async () => {
    blobs = BlobStore.temporary();
    const keys: string[] = [];
    for (let i = 0; i < 1500; i++) keys.push((await blobs.write(Readable.from([Buffer.from(`${i % 10}`)]))).key);
    const expected = keys.map((_, i) => `${i % 10}`).join('');
    const module = new URL('./blob-store.js', import.meta.url).href;
    // A child under `ulimit -n 256` (ulimit cannot be lowered for this process alone).
    const script = `const { BlobStore } = await import(${JSON.stringify(module)});
const store = BlobStore.open(${JSON.stringify(join(blobs.path(keys[0]!), '..', '..', '..'))});
const keys = ${JSON.stringify(keys)};
const w = await store.concat(keys);
const chunks = [];
for await (const c of store.read(w.key)) chunks.push(c);
store.remove(w.key);
process.stdout.write(Buffer.concat(chunks).toString());`;
    const out = execFileSync('bash', ['-c', 'ulimit -n 256 && exec "$0" --input-type=module -e "$1"', process.execPath, script], { encoding: 'utf8', maxBuffer: 1 << 20 });
    assert.equal(out, expected);
    const pending = blobs.concat(keys.slice(0, 3));
    blobs.remove(keys[1]!);
    assert.equal(await text(blobs.read((await pending).key)), '012');
    const root = join(blobs.path(keys[0]!), '..', '..', '..');
    assert.deepEqual(filesUnder(join(root, 'tmp')), []);
  });

  it('a stream that fails midway leaves no body and no temporary file', async () => {
    blobs = BlobStore.temporary();
    const failing = new Readable({ read() {} });
    failing.push(Buffer.from('partial'));
    setImmediate(() => failing.destroy(new Error('client went away')));
    await assert.rejects(blobs.write(failing), { message: 'client went away' });
    const root = join(blobs.path('0'.repeat(32)), '..', '..', '..');
    assert.deepEqual(filesUnder(root), []);
  });

  it('readSmall reads a body or range whole, and declines one larger than its limit', async () => {
    blobs = BlobStore.temporary();
    const w = await blobs.write(Readable.from([Buffer.from('0123456789')]));
    assert.equal(blobs.readSmall(w.key, undefined, 10)?.toString(), '0123456789');
    assert.equal(blobs.readSmall(w.key, { start: 2, end: 4 }, 3)?.toString(), '234');
    assert.equal(blobs.readSmall(w.key, undefined, 9), undefined);
  });

  it('a body read is opened before read returns: removing it afterwards does not cut the read short', async () => {
    blobs = BlobStore.temporary();
    const w = await blobs.write(Readable.from([Buffer.from('still here')]));
    const stream = blobs.read(w.key);
    blobs.remove(w.key);
    blobs.remove(w.key);
    assert.equal(blobs.has(w.key), false);
    assert.equal(await text(stream), 'still here');
  });

  it('sweep removes temporary files and bodies no document names, and keeps the rest', async () => {
    blobs = BlobStore.temporary();
    const kept = await blobs.write(Readable.from([Buffer.from('kept')]));
    const orphan = await blobs.write(Readable.from([Buffer.from('renamed, never committed')]));
    const root = join(blobs.path(kept.key), '..', '..', '..');
    // What a crash mid-write leaves: a temporary file.
    mkdirSync(join(root, 'tmp'), { recursive: true });
    writeFileSync(join(root, 'tmp', 'abc'), 'half');
    assert.equal(blobs.sweep((key) => key === kept.key), 2);
    assert.equal(existsSync(blobs.path(orphan.key)), false);
    assert.equal(await text(blobs.read(kept.key)), 'kept');
    assert.deepEqual(filesUnder(join(root, 'tmp')), []);
  });

  it('a temporary store removes its folder on dispose', async () => {
    const own = BlobStore.temporary();
    const w = await own.write(Readable.from([Buffer.from('x')]));
    const path = own.path(w.key);
    own.dispose();
    assert.equal(existsSync(path), false);
    blobs = BlobStore.temporary();
  });
});
