/**
 * The checksums S3 computes over an object's bytes while they stream in: MD5 (the ETag, Content-MD5) always,
 * and whichever of CRC32, CRC32C, CRC64NVME, SHA1 and SHA256 were asked for. Values are base64 of the
 * big-endian digest, as the x-amz-checksum-* headers carry them; MD5 is kept as raw bytes.
 */
import { Crc32c } from '@aws-crypto/crc32c';
import { Crc64Nvme } from '@aws-sdk/crc64-nvme';
import { createHash, type Hash } from 'node:crypto';
import { crc32 } from 'node:zlib';

export const CHECKSUM_ALGORITHMS = ['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'] as const;
export type ChecksumAlgorithm = (typeof CHECKSUM_ALGORITHMS)[number];

export const isChecksumAlgorithm = (value: string): value is ChecksumAlgorithm => (CHECKSUM_ALGORITHMS as readonly string[]).includes(value);

/** How many bytes each algorithm's digest has (a header value of another length is malformed). */
export const DIGEST_BYTES: Readonly<Record<ChecksumAlgorithm, number>> = { CRC32: 4, CRC32C: 4, CRC64NVME: 8, SHA1: 20, SHA256: 32 };

export type Checksums = Partial<Record<ChecksumAlgorithm, string>>;

interface Running {
  update(chunk: Buffer): void;
  digest(): Promise<Buffer>;
}

const uint32 = (n: number): Buffer => {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(n >>> 0);
  return out;
};

function hashOf(algorithm: string): Running {
  const hash: Hash = createHash(algorithm);
  return { update: (chunk) => hash.update(chunk), digest: async () => hash.digest() };
}

function running(algorithm: ChecksumAlgorithm): Running {
  switch (algorithm) {
    case 'CRC32': {
      // zlib's CRC-32 is the same IEEE polynomial S3 uses, in native code (the JS tables run at a fraction of disk speed).
      let value = 0;
      return { update: (chunk) => (value = crc32(chunk, value)), digest: async () => uint32(value) };
    }
    case 'CRC32C': {
      const c = new Crc32c();
      return { update: (chunk) => c.update(chunk), digest: async () => uint32(c.digest()) };
    }
    case 'CRC64NVME': {
      const c = new Crc64Nvme();
      return { update: (chunk) => c.update(chunk), digest: async () => Buffer.from(await c.digest()) };
    }
    case 'SHA1':
      return hashOf('sha1');
    case 'SHA256':
      return hashOf('sha256');
  }
}

/** MD5 and the asked-for checksums over bytes fed in order. */
export class Digests {
  private readonly md5 = createHash('md5');
  private readonly others: Array<[ChecksumAlgorithm, Running]>;
  size = 0;

  constructor(algorithms: Iterable<ChecksumAlgorithm>) {
    this.others = [...new Set(algorithms)].map((a) => [a, running(a)]);
  }

  update(chunk: Buffer): void {
    this.size += chunk.length;
    this.md5.update(chunk);
    for (const [, r] of this.others) r.update(chunk);
  }

  async finish(): Promise<{ md5: Buffer; checksums: Checksums }> {
    const checksums: Checksums = {};
    for (const [a, r] of this.others) checksums[a] = (await r.digest()).toString('base64');
    return { md5: this.md5.digest(), checksums };
  }
}

/** One checksum of a whole buffer (a multipart upload's composite checksum is one over its parts' digests). */
export async function checksumOf(algorithm: ChecksumAlgorithm, data: Buffer): Promise<string> {
  const r = running(algorithm);
  r.update(data);
  return (await r.digest()).toString('base64');
}
