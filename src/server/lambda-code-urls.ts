/**
 * Where GetFunction's `Code.Location` and a layer version's `Content.Location` point, as on Lambda: a presigned
 * S3 URL to Lambda's own bucket (`awslambda-{region}-tasks` for functions, `awslambda-{region}-layers` for
 * layers), here on Gatehouse's S3 path: `/{bucket}/snapshots/{account}/{name}-{package sha-256}`, valid for 10
 * minutes, signed with a key only this server holds (so a link cannot be altered into another package). The S3
 * route serves these from the Lambda host's packages; nobody can create a bucket by those names.
 */
import { randomBytes } from 'node:crypto';
import { addSecretLookup } from '../shared/known-secrets.js';
import { presignGet } from '../wire/sigv4-verify.js';

/** Lambda's own buckets, which the S3 route answers from the packages. */
export const LAMBDA_PACKAGE_BUCKET = /^awslambda-[a-z0-9-]+-(?:tasks|layers)$/;

const OBJECT = /^\/awslambda-[a-z0-9-]+-(?:tasks|layers)\/snapshots\/\d{12}\/[^/]+-([0-9a-f]{64})$/;

/** As Lambda's: ten minutes. */
const EXPIRES_SECONDS = 600;

export class LambdaCodeUrls {
  /** An STS-like key id and a secret, new for each server. */
  readonly accessKeyId = `ASIA${randomBytes(8).toString('hex').toUpperCase()}`;
  private readonly secret = randomBytes(30).toString('base64');
  private readonly forget: () => void;

  constructor(private readonly endpointUrl: () => string) {
    this.forget = addSecretLookup((id) => (id === this.accessKeyId ? this.secret : undefined));
  }

  url(kind: 'tasks' | 'layers', where: { region: string; account: string; name: string }, codeKey: string, now: Date): string {
    const url = new URL(`${this.endpointUrl()}/awslambda-${where.region}-${kind}/snapshots/${where.account}/${encodeURIComponent(where.name)}-${codeKey}`);
    return presignGet(url, { accessKeyId: this.accessKeyId, secret: this.secret }, where.region, 's3', now, EXPIRES_SECONDS);
  }

  dispose(): void {
    this.forget();
  }
}

/** The package (its sha-256 key) a path-style path names in one of Lambda's buckets, if it has that form. */
export function packageKeyOf(path: string): string | undefined {
  return OBJECT.exec(path)?.[1];
}
