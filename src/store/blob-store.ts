/**
 * Large bodies (S3 objects, their multipart parts) as files under the data dir, never whole in memory. A body
 * is streamed to a temporary name while its checksums are computed, fsynced, then renamed to its key's path;
 * only then does the caller record the key in SQL, in one transaction. A crash before that commit leaves a
 * file no document names, which `sweep` (run at start, before any request) removes: a half-written body is
 * never visible. Files are removed only after the transaction that dropped their last reference committed.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, createReadStream, existsSync, fstatSync, linkSync, mkdirSync, mkdtempSync, openSync, readdirSync, readSync, renameSync, rmSync, unlink, unlinkSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Digests, type ChecksumAlgorithm, type Checksums } from './checksums.js';

export interface WrittenBlob {
  /** The name the body is stored under (what a document records). */
  key: string;
  size: number;
  md5: Buffer;
  checksums: Checksums;
}

/** An inclusive byte range of a stored body. */
export interface ByteRange {
  start: number;
  end: number;
}

const KEY = /^[0-9a-f]{32}$/;
const READ_PIECE = 1024 * 1024;

export class BlobStore {
  private readonly blobs: string;
  private readonly temp: string;
  /** Removals started by `release` and not yet done. */
  private readonly releasing = new Set<Promise<void>>();

  /** Bodies under `root` (created if missing). `owned`: the folder is removed on dispose (in-memory Gatehouse, tests). */
  private constructor(private readonly root: string, private readonly owned: boolean) {
    this.blobs = join(root, 'blobs');
    this.temp = join(root, 'tmp');
    mkdirSync(this.blobs, { recursive: true });
    mkdirSync(this.temp, { recursive: true });
  }

  /** The bodies of a data dir (`{dataDir}/s3`, say), kept across restarts. */
  static open(root: string): BlobStore {
    return new BlobStore(root, false);
  }

  /** Bodies in a temporary folder of their own, removed on dispose. */
  static temporary(): BlobStore {
    return new BlobStore(mkdtempSync(join(tmpdir(), 'gatehouse-objects-')), true);
  }

  /** Where a key's body lives. */
  path(key: string): string {
    if (!KEY.test(key)) throw new Error(`not a body key: ${key}`);
    return join(this.blobs, key.slice(0, 2), key);
  }

  /**
   * Streams `source` into a new body, computing MD5 and `algorithms` on the way. If the stream fails, nothing
   * is left behind (the temporary file is removed) and the error is rethrown.
   */
  async write(source: Readable, algorithms: Iterable<ChecksumAlgorithm> = []): Promise<WrittenBlob> {
    const digests = new Digests(algorithms);
    const key = randomBytes(16).toString('hex');
    const temp = join(this.temp, key);
    try {
      // One open for the whole write: the file is made before the first byte (a failure can only find a file that
      // exists, so the clean-up below never races its creation), written chunk by chunk as the body arrives (a
      // source's backpressure is the awaited write), and fsynced before the rename, so the name never points at
      // bytes the disk does not have yet. (A write stream opened the file lazily, and a second open did the fsync.)
      // The source may fail while the file is being opened: its error is kept (not an unhandled 'error' event) and
      // rethrown by the iteration below.
      const keep = (): void => undefined;
      source.on('error', keep);
      const handle = await open(temp, 'wx');
      try {
        if (source.errored) throw source.errored;
        for await (const chunk of source) {
          const bytes = chunk as Buffer;
          digests.update(bytes);
          for (let written = 0; written < bytes.length; ) written += (await handle.write(bytes, written)).bytesWritten;
        }
        await handle.sync();
      } finally {
        source.off('error', keep);
        await handle.close();
      }
      const { md5, checksums } = await digests.finish();
      const target = this.path(key);
      mkdirSync(join(this.blobs, key.slice(0, 2)), { recursive: true });
      renameSync(temp, target);
      return { key, size: digests.size, md5, checksums };
    } catch (error) {
      rmSync(temp, { force: true });
      throw error;
    }
  }

  /**
   * A new body made of stored ones, one after the other (a multipart upload completing). Every source is first
   * hard-linked under a temporary folder, before this returns (in the caller's turn, as it read which bodies),
   * so removing one meanwhile (an abort, a part uploaded again) cannot cut the copy short; the links are then
   * opened one at a time as the copy reaches them (10,000 parts open at once would need 10,000 descriptors:
   * EMFILE under a 1024 limit), and removed at the end.
   */
  concat(keys: readonly string[], algorithms: Iterable<ChecksumAlgorithm> = []): Promise<WrittenBlob> {
    const dir = join(this.temp, `${randomBytes(16).toString('hex')}.parts`);
    mkdirSync(dir);
    const links: string[] = [];
    try {
      for (const [i, k] of keys.entries()) {
        const at = join(dir, String(i));
        linkSync(this.path(k), at);
        links.push(at);
      }
    } catch (error) {
      rmSync(dir, { recursive: true, force: true });
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    async function* chunks(): AsyncGenerator<Buffer> {
      for (const at of links) yield* createReadStream(at) as AsyncIterable<Buffer>;
    }
    return this.write(Readable.from(chunks()), algorithms).finally(() => rmSync(dir, { recursive: true, force: true }));
  }

  /**
   * A stored body (or `range` of it) as a stream. The file is opened before this returns, so a body removed
   * right after (the object overwritten) still reads whole.
   */
  read(key: string, range?: ByteRange): Readable {
    const fd = openSync(this.path(key), 'r');
    // In pieces of up to 1 MiB, not fs's 64 KiB: every piece is a fresh Buffer, and after an idle spell (V8's
    // memory reducer shrinks the heap) a GiB in 64 KiB pieces cost a GET more than twice the CPU in old-space
    // collections (bench/s3). No bigger than the read itself, so a small object allocates only its size.
    const length = range ? range.end - range.start + 1 : fstatSync(fd).size;
    const highWaterMark = Math.max(1, Math.min(READ_PIECE, length));
    return createReadStream('', range ? { fd, start: range.start, end: range.end, highWaterMark } : { fd, highWaterMark });
  }

  /**
   * A small body (or range) read whole, now: for objects of a few KB the stream and its piping cost more than
   * the read (bench/s3, GET 1 KiB). Undefined when it is larger than `max` (stream it with `read`).
   */
  readSmall(key: string, range: ByteRange | undefined, max: number): Buffer | undefined {
    const fd = openSync(this.path(key), 'r');
    try {
      const start = range?.start ?? 0;
      const length = range ? range.end - range.start + 1 : fstatSync(fd).size;
      if (length > max) return undefined;
      const buffer = Buffer.allocUnsafe(length);
      let read = 0;
      while (read < length) {
        const n = readSync(fd, buffer, read, length - read, start + read);
        if (n === 0) break;
        read += n;
      }
      return read === length ? buffer : buffer.subarray(0, read);
    } finally {
      closeSync(fd);
    }
  }

  /** Checksums of a stored body, read again (an algorithm the upload did not ask for, a copy). */
  async digest(key: string, algorithms: Iterable<ChecksumAlgorithm>): Promise<{ md5: Buffer; checksums: Checksums }> {
    const digests = new Digests(algorithms);
    for await (const chunk of this.read(key)) digests.update(chunk as Buffer);
    return digests.finish();
  }

  has(key: string): boolean {
    return existsSync(this.path(key));
  }

  /**
   * Removes a body in the background, for a request that dropped its last reference (an overwrite, a delete):
   * the answer does not wait for the disk (an unlink cost ~0.35 ms of a 1 KiB PUT's ~0.9, bench/s3). A reader that
   * opened it keeps reading; a removal a crash interrupts leaves a file no document names, swept at the next
   * start. Call only after the commit that dropped the reference.
   */
  release(key: string): void {
    const removal = new Promise<void>((resolve) =>
      unlink(this.path(key), () => {
        // Gone already, or not removable now: either way nothing names it, and the next start's sweep takes it.
        this.releasing.delete(removal);
        resolve();
      }),
    );
    this.releasing.add(removal);
  }

  /** Resolves once every body released so far is gone (what a test, or a shutdown, waits for). */
  async released(): Promise<void> {
    await Promise.all([...this.releasing]);
  }

  /** Removes a body now (one already gone is no error). Call only after the commit that dropped its last reference. */
  remove(key: string): void {
    try {
      unlinkSync(this.path(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }

  /**
   * Removes what a crash left: every temporary file, and every body `isReferenced` does not claim. Run before
   * any request (a body being written has no reference yet); while requests run, `keepTemporary` leaves the
   * bodies being written alone. Returns how many files were removed.
   */
  sweep(isReferenced: (key: string) => boolean, options: { keepTemporary?: boolean } = {}): number {
    let removed = 0;
    for (const name of options.keepTemporary ? [] : readdirSync(this.temp)) {
      rmSync(join(this.temp, name), { force: true, recursive: true });
      removed++;
    }
    for (const fan of readdirSync(this.blobs)) {
      for (const key of readdirSync(join(this.blobs, fan))) {
        if (KEY.test(key) && isReferenced(key)) continue;
        rmSync(join(this.blobs, fan, key), { force: true, recursive: true });
        removed++;
      }
    }
    return removed;
  }

  /** Removes the folder if this store made it (a temporary one); a data dir's bodies stay. */
  dispose(): void {
    if (this.owned) rmSync(this.root, { recursive: true, force: true });
  }
}
