/**
 * S3 for the Storage pages: ListBuckets, ListObjectsV2 (one folder level, every page) and GetObject, over S3's
 * REST-XML protocol, path-style, on the console's own origin, as the AWS CLI calls them.
 */
import { AwsError, authorization } from './aws';

export interface Bucket {
  name: string;
  created: string;
  region: string | undefined;
}

export interface Listing {
  folders: string[];
  objects: Array<{ key: string; size: number; lastModified: string; etag: string; storageClass: string }>;
}

const text = (el: Element, name: string): string => el.getElementsByTagName(name)[0]?.textContent ?? '';

async function s3(path: string): Promise<Document> {
  const res = await fetch(path, { headers: { Authorization: authorization('s3'), 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } });
  const doc = new DOMParser().parseFromString(await res.text(), 'application/xml');
  if (!res.ok) {
    const error = doc.getElementsByTagName('Error')[0];
    throw new AwsError(error ? text(error, 'Code') : 'Error', error ? text(error, 'Message') : `${res.status} ${res.statusText}`, res.status);
  }
  return doc;
}

const bucketPath = (bucket: string): string => `/${encodeURIComponent(bucket)}`;
/** An object's path: each segment of the key encoded, its slashes kept (S3's URI encoding of `{Key+}`). */
export const objectPath = (bucket: string, key: string): string => `${bucketPath(bucket)}/${key.split('/').map(encodeURIComponent).join('/')}`;

export async function listBuckets(): Promise<Bucket[]> {
  const doc = await s3('/?x-id=ListBuckets');
  return [...doc.getElementsByTagName('Bucket')].map((b) => ({ name: text(b, 'Name'), created: text(b, 'CreationDate'), region: text(b, 'BucketRegion') || undefined }));
}

/** The folders (common prefixes) and objects directly under `prefix`, every page of them. */
export async function listFolder(bucket: string, prefix: string): Promise<Listing> {
  const listing: Listing = { folders: [], objects: [] };
  let token: string | undefined;
  do {
    const query = new URLSearchParams({ 'list-type': '2', delimiter: '/', prefix });
    if (token) query.set('continuation-token', token);
    const doc = await s3(`${bucketPath(bucket)}?${query.toString()}`);
    for (const p of doc.getElementsByTagName('CommonPrefixes')) listing.folders.push(text(p, 'Prefix'));
    for (const c of doc.getElementsByTagName('Contents')) {
      listing.objects.push({ key: text(c, 'Key'), size: Number(text(c, 'Size')), lastModified: text(c, 'LastModified'), etag: text(c, 'ETag'), storageClass: text(c, 'StorageClass') });
    }
    token = text(doc.documentElement, 'IsTruncated') === 'true' ? text(doc.documentElement, 'NextContinuationToken') : undefined;
  } while (token);
  return listing;
}

/** Downloads an object as the browser saves a file: GetObject, then a link to what came back. */
export async function downloadObject(bucket: string, key: string): Promise<void> {
  const res = await fetch(objectPath(bucket, key), { headers: { Authorization: authorization('s3'), 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } });
  if (!res.ok) {
    const doc = new DOMParser().parseFromString(await res.text(), 'application/xml');
    throw new AwsError(text(doc.documentElement, 'Code') || 'Error', text(doc.documentElement, 'Message') || `${res.status} ${res.statusText}`, res.status);
  }
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = key.slice(key.lastIndexOf('/') + 1);
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** Sizes as the S3 console writes them: bytes, then KB, MB, GB with one decimal. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}
