/**
 * The integrity headers of a body a client sends (Content-MD5, x-amz-checksum-*, x-amz-sdk-checksum-algorithm,
 * and the trailer an aws-chunked body ends with): checked for form before the body is read, then compared
 * with what the blob store computed while storing it.
 */
import type { StreamingBody } from '../../wire/shape-types.js';
import { CHECKSUM_ALGORITHMS, DIGEST_BYTES, isChecksumAlgorithm, type ChecksumAlgorithm, type Checksums } from '../../store/checksums.js';
import type { BlobStore, WrittenBlob } from '../../store/blob-store.js';
import { badDigestChecksum, badDigestMd5, invalidDigest, invalidRequest } from './errors.js';
import type { StoredChecksum } from './records.js';

/** The members PutObject and UploadPart share (ChecksumCRC64NVME comes with a model supplement). */
export interface ChecksumMembers {
  ContentMD5?: string;
  ChecksumAlgorithm?: string;
  ChecksumCRC32?: string;
  ChecksumCRC32C?: string;
  ChecksumSHA1?: string;
  ChecksumSHA256?: string;
  ChecksumCRC64NVME?: string;
}

export interface Requested {
  /** What to compute while the body streams in. */
  algorithms: Set<ChecksumAlgorithm>;
  /** The value each header declared. */
  declared: Checksums;
  /** The algorithm the client named (x-amz-sdk-checksum-algorithm), if any. */
  named?: ChecksumAlgorithm;
  md5?: string;
}

const decodedLength = (value: string): number => (/^[A-Za-z0-9+/]*={0,2}$/.test(value) && value.length % 4 === 0 ? Buffer.from(value, 'base64').length : -1);

function checkValue(algorithm: ChecksumAlgorithm, value: string): void {
  if (decodedLength(value) !== DIGEST_BYTES[algorithm]) throw invalidRequest(`Value for x-amz-checksum-${algorithm.toLowerCase()} header is invalid.`);
}

export function requestedChecksums(input: ChecksumMembers): Requested {
  const out: Requested = { algorithms: new Set(), declared: {} };
  if (input.ContentMD5 !== undefined) {
    if (decodedLength(input.ContentMD5) !== 16) throw invalidDigest(input.ContentMD5);
    out.md5 = input.ContentMD5;
  }
  if (input.ChecksumAlgorithm !== undefined) {
    const named = input.ChecksumAlgorithm.toUpperCase();
    if (!isChecksumAlgorithm(named)) {
      throw invalidRequest(`Checksum algorithm provided is unsupported. Please try again with any of the valid types: [${CHECKSUM_ALGORITHMS.join(', ')}]`);
    }
    out.named = named;
    out.algorithms.add(named);
  }
  for (const algorithm of CHECKSUM_ALGORITHMS) {
    const value = input[`Checksum${algorithm}`];
    if (value === undefined) continue;
    checkValue(algorithm, value);
    out.declared[algorithm] = value;
    out.algorithms.add(algorithm);
  }
  if (Object.keys(out.declared).length > 1) throw invalidRequest('Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.');
  return out;
}

/**
 * Compares a stored body with what the request declared (its headers and its trailer, read once the stream
 * ended), and says which checksum the object keeps. Throws BadDigest on a mismatch (the caller removes the body).
 */
export async function verifyBody(requested: Requested, body: StreamingBody | undefined, written: WrittenBlob, blobs: BlobStore): Promise<StoredChecksum | undefined> {
  if (requested.md5 !== undefined && requested.md5 !== written.md5.toString('base64')) throw badDigestMd5(requested.md5, written.md5.toString('base64'));
  const declared: Checksums = { ...requested.declared };
  for (const [name, value] of Object.entries(body?.trailers ?? {})) {
    const m = /^x-amz-checksum-(.+)$/.exec(name);
    const algorithm = m?.[1]!.toUpperCase();
    if (algorithm === undefined || !isChecksumAlgorithm(algorithm)) continue;
    checkValue(algorithm, value);
    declared[algorithm] = value;
  }
  const computed: Checksums = { ...written.checksums };
  const missing = (Object.keys(declared) as ChecksumAlgorithm[]).filter((a) => computed[a] === undefined);
  // A trailer may name an algorithm no header announced: the body is read again for it.
  if (missing.length > 0) Object.assign(computed, (await blobs.digest(written.key, missing)).checksums);
  for (const [algorithm, value] of Object.entries(declared) as Array<[ChecksumAlgorithm, string]>) {
    if (computed[algorithm] !== value) throw badDigestChecksum(algorithm);
  }
  const kept = (Object.keys(declared)[0] as ChecksumAlgorithm | undefined) ?? requested.named;
  return kept === undefined ? undefined : { algorithm: kept, value: computed[kept]!, type: 'FULL_OBJECT' };
}

/** The output members that answer a kept checksum (ChecksumType where the operation's model has it). */
export function checksumMembers(checksum: StoredChecksum | undefined): Record<string, string> {
  return checksum === undefined ? {} : { [`Checksum${checksum.algorithm}`]: checksum.value, ChecksumType: checksum.type };
}
