/**
 * What the aws-sdk v2 models lack and the current AWS models have, checked in as data and applied to the raw
 * model when it is loaded (`loadRawModel`), so the protocols and the generated types both see it. Each entry
 * is copied from the current service model (the Smithy model behind `@aws-sdk/client-s3`), never invented:
 * - `members`: members added to a structure, named by a path from an operation (`PutObject.input`,
 *   `CompleteMultipartUpload.input.MultipartUpload.Parts.member`), through inline shapes and shape references;
 * - `outputRoots`: the XML root element of an operation's output (Smithy's `@xmlName` on the output
 *   structure, which the v2 models drop), written as the output's `locationName`.
 */
import type { RawModel, RawShape } from './model.js';

export interface ModelSupplement {
  readonly members: ReadonlyArray<{ readonly at: string; readonly add: Readonly<Record<string, RawShape>> }>;
  readonly outputRoots?: Readonly<Record<string, string>>;
}

const header = (locationName: string, type?: string): RawShape => (type ? { location: 'header', locationName, type } : { location: 'header', locationName });
const CRC64NVME_HEADER = { ChecksumCRC64NVME: header('x-amz-checksum-crc64nvme') };
const CHECKSUM_TYPE_HEADER = { ChecksumType: header('x-amz-checksum-type') };

/**
 * S3 (2024-12): CRC64NVME checksums, full-object vs composite checksum types, the object size PutObject answers,
 * conditional writes with If-Match, HeadObject's Content-Range.
 */
const S3: ModelSupplement = {
  members: [
    // Conditional writes (2024-08, 2024-11): If-Match on PutObject and CompleteMultipartUpload (If-None-Match the v2 model has).
    { at: 'PutObject.input', add: { ...CRC64NVME_HEADER, IfMatch: header('If-Match') } },
    { at: 'PutObject.output', add: { ...CRC64NVME_HEADER, ...CHECKSUM_TYPE_HEADER, Size: header('x-amz-object-size', 'long') } },
    { at: 'UploadPart.input', add: CRC64NVME_HEADER },
    { at: 'UploadPart.output', add: CRC64NVME_HEADER },
    { at: 'GetObject.output', add: { ...CRC64NVME_HEADER, ...CHECKSUM_TYPE_HEADER } },
    // A ranged or part HEAD answers 206 with its Content-Range (the v2 model's HeadObject output lacks it).
    { at: 'HeadObject.output', add: { ...CRC64NVME_HEADER, ...CHECKSUM_TYPE_HEADER, ContentRange: header('Content-Range') } },
    { at: 'CompleteMultipartUpload.input', add: { ...CRC64NVME_HEADER, ...CHECKSUM_TYPE_HEADER, MpuObjectSize: header('x-amz-mp-object-size', 'long'), IfMatch: header('If-Match') } },
    { at: 'CompleteMultipartUpload.input.MultipartUpload.Parts.member', add: { ChecksumCRC64NVME: {} } },
    { at: 'CompleteMultipartUpload.output', add: { ChecksumCRC64NVME: {}, ChecksumType: {} } },
    { at: 'CreateMultipartUpload.input', add: CHECKSUM_TYPE_HEADER },
    { at: 'CreateMultipartUpload.output', add: CHECKSUM_TYPE_HEADER },
    { at: 'ListParts.output.Parts.member', add: { ChecksumCRC64NVME: {} } },
  ],
  outputRoots: {
    CompleteMultipartUpload: 'CompleteMultipartUploadResult',
    CreateMultipartUpload: 'InitiateMultipartUploadResult',
    CreateSession: 'CreateSessionResult',
    DeleteObjects: 'DeleteResult',
    GetBucketAccelerateConfiguration: 'AccelerateConfiguration',
    GetBucketAcl: 'AccessControlPolicy',
    GetBucketCors: 'CORSConfiguration',
    GetBucketLifecycle: 'LifecycleConfiguration',
    GetBucketLifecycleConfiguration: 'LifecycleConfiguration',
    GetBucketLocation: 'LocationConstraint',
    GetBucketLogging: 'BucketLoggingStatus',
    GetBucketNotification: 'NotificationConfiguration',
    GetBucketNotificationConfiguration: 'NotificationConfiguration',
    GetBucketRequestPayment: 'RequestPaymentConfiguration',
    GetBucketTagging: 'Tagging',
    GetBucketVersioning: 'VersioningConfiguration',
    GetBucketWebsite: 'WebsiteConfiguration',
    GetObjectAcl: 'AccessControlPolicy',
    GetObjectAttributes: 'GetObjectAttributesResponse',
    GetObjectTagging: 'Tagging',
    ListBucketAnalyticsConfigurations: 'ListBucketAnalyticsConfigurationResult',
    ListBucketIntelligentTieringConfigurations: 'ListBucketIntelligentTieringConfigurationsOutput',
    ListBucketInventoryConfigurations: 'ListInventoryConfigurationsResult',
    ListBucketMetricsConfigurations: 'ListMetricsConfigurationsResult',
    ListBuckets: 'ListAllMyBucketsResult',
    ListDirectoryBuckets: 'ListAllMyDirectoryBucketsResult',
    ListMultipartUploads: 'ListMultipartUploadsResult',
    ListObjects: 'ListBucketResult',
    ListObjectsV2: 'ListBucketResult',
    ListObjectVersions: 'ListVersionsResult',
    ListParts: 'ListPartsResult',
  },
};

const SUPPLEMENTS: Readonly<Record<string, ModelSupplement>> = { 's3-2006-03-01': S3 };

/** Applies the supplement of `file` (if any) to its raw model, in place: once, as the model is cached. */
export function supplementModel(file: string, model: RawModel): void {
  const supplement = SUPPLEMENTS[file];
  if (!supplement) return;
  for (const { at, add } of supplement.members) {
    const shape = resolvePath(model, at);
    shape.members = { ...shape.members, ...add };
  }
  for (const [operation, root] of Object.entries(supplement.outputRoots ?? {})) {
    const output = model.operations[operation]?.output;
    if (!output) throw new Error(`model supplement: ${file} has no output for ${operation}`);
    output.locationName = root;
  }
}

function resolvePath(model: RawModel, path: string): RawShape {
  const [operation = '', direction, ...members] = path.split('.');
  const op = model.operations[operation];
  let shape = direction === 'input' ? op?.input : direction === 'output' ? op?.output : undefined;
  for (const step of members) {
    if (!shape) break;
    shape = target(model, shape);
    shape = step === 'member' ? shape.member : shape.members?.[step];
  }
  if (!shape) throw new Error(`model supplement: no shape at ${path}`);
  return target(model, shape);
}

function target(model: RawModel, shape: RawShape): RawShape {
  if (shape.shape === undefined) return shape;
  const named = model.shapes[shape.shape];
  if (!named) throw new Error(`model supplement: unknown shape ${shape.shape}`);
  return named;
}
