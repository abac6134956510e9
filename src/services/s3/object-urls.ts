/**
 * The S3 object an HTTPS URL names, in the forms AWS services accept for one (CloudFormation's TemplateURL,
 * `aws cloudformation package`'s output, the CDK's asset manifests): path-style `https://s3[.-]{region}.amazonaws.com/{bucket}/{key}`
 * and `https://s3.amazonaws.com/{bucket}/{key}`, virtual-hosted `https://{bucket}.s3[.-]{region}.amazonaws.com/{key}`,
 * plus Gatehouse's own S3 names (`s3.localhost`, `{bucket}.s3.localhost`, with a port) and its main port
 * (`http://127.0.0.1:4566/{bucket}/{key}`). A `versionId` query names a version.
 */
import { isLoopbackHost } from '../../shared/loopback.js';
import type { ObjectLocation } from './object-bytes.js';

const REGIONAL = '(?:\\.dualstack)?(?:[.-][a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\\d)?';
const PATH_STYLE = new RegExp(`^s3${REGIONAL}\\.(?:amazonaws\\.com(?:\\.cn)?|localhost)$`);
const VIRTUAL = new RegExp(`^(.+)\\.s3${REGIONAL}\\.(?:amazonaws\\.com(?:\\.cn)?|localhost)$`);

export function objectAtUrl(text: string): ObjectLocation | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  const host = url.hostname.toLowerCase();
  const path = url.pathname.split('/').slice(1);
  let bucket: string | undefined;
  let keyParts: string[];
  const virtual = VIRTUAL.exec(host);
  if (virtual) {
    bucket = virtual[1];
    keyParts = path;
  } else if (PATH_STYLE.test(host) || isLoopbackHost(host)) {
    bucket = path[0];
    keyParts = path.slice(1);
  } else return undefined;
  let key: string;
  try {
    key = keyParts.map(decodeURIComponent).join('/');
  } catch {
    return undefined;
  }
  if (!bucket || key === '') return undefined;
  const versionId = url.searchParams.get('versionId') ?? undefined;
  return { bucket, key, versionId };
}
