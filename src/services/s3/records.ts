/** What S3 keeps per bucket, object version, multipart upload and part (JSON documents in the s3_* tables). */
import type { ChecksumAlgorithm } from '../../store/checksums.js';

export interface Tag {
  Key: string;
  Value: string;
}

export interface PublicAccessBlock {
  BlockPublicAcls: boolean;
  IgnorePublicAcls: boolean;
  BlockPublicPolicy: boolean;
  RestrictPublicBuckets: boolean;
}

export interface BucketRecord {
  Name: string;
  /** ISO 8601, to the second. */
  CreationDate: string;
  /** The owning account (also the table scope's account). */
  owner: string;
  region: string;
  versioning?: 'Enabled' | 'Suspended';
  mfaDelete?: 'Enabled' | 'Disabled';
  policy?: string;
  /** The configuration as PutBucketEncryption stored it; absent: S3's default SSE-S3; null: deleted. */
  encryption?: unknown;
  /** Absent: the default S3 gives new buckets (all four on); null: deleted. */
  publicAccessBlock?: PublicAccessBlock | null;
  /** Absent: BucketOwnerEnforced, the default for new buckets; null: deleted. */
  ownership?: unknown[] | null;
  lifecycle?: unknown[];
  tags?: Tag[];
  cors?: unknown[];
  objectLockEnabled?: boolean;
  /** The next version sequence number (orders versions newest first). */
  nextSeq: number;
}

export interface StoredChecksum {
  algorithm: ChecksumAlgorithm;
  value: string;
  type: 'FULL_OBJECT' | 'COMPOSITE';
}

/** One version of one key: an object or a delete marker. */
export interface VersionRecord {
  Key: string;
  /** 'null' for the null version (unversioned and suspended buckets). */
  VersionId: string;
  seq: number;
  LastModified: string;
  deleteMarker?: true;
  blob?: string;
  Size?: number;
  ETag?: string;
  ContentType?: string;
  CacheControl?: string;
  ContentDisposition?: string;
  ContentEncoding?: string;
  ContentLanguage?: string;
  Expires?: string;
  WebsiteRedirectLocation?: string;
  Metadata?: Record<string, string>;
  tags?: Tag[];
  checksum?: StoredChecksum;
  StorageClass?: string;
  /** Byte sizes of the parts of a multipart object, in order (GetObject's PartNumber). */
  parts?: number[];
}

export interface UploadRecord {
  UploadId: string;
  Key: string;
  Initiated: string;
  /** What the object will be created with. */
  object: Omit<VersionRecord, 'VersionId' | 'seq' | 'LastModified' | 'Key'>;
  checksumAlgorithm?: ChecksumAlgorithm;
  /** How the object's checksum is made: over the whole object, or over the parts' checksums ("…-N"). */
  checksumType?: 'FULL_OBJECT' | 'COMPOSITE';
  /** The initiator's account. */
  initiator: string;
}

export interface PartRecord {
  PartNumber: number;
  ETag: string;
  Size: number;
  LastModified: string;
  blob: string;
  checksums: Partial<Record<ChecksumAlgorithm, string>>;
}
