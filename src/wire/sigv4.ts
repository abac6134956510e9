/**
 * What a SigV4 signature says about a request without verifying it: the access key, and the credential
 * scope's date, region and service. Read from the `Authorization` header or a presigned query.
 */
export interface CredentialScope {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
}

const HEADER_CREDENTIAL = /Credential=([^/,\s]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request/;

export function credentialScope(headers: Readonly<Record<string, string | undefined>>, query: string): CredentialScope | undefined {
  const auth = headers['authorization'];
  if (auth !== undefined && auth.startsWith('AWS4-')) {
    const m = HEADER_CREDENTIAL.exec(auth);
    if (m) return { accessKeyId: m[1]!, date: m[2]!, region: m[3]!, service: m[4]! };
    return undefined;
  }
  if (query.includes('X-Amz-Credential=')) {
    const credential = new URLSearchParams(query).get('X-Amz-Credential');
    const parts = credential?.split('/');
    if (parts && parts.length === 5 && parts[4] === 'aws4_request') {
      return { accessKeyId: parts[0]!, date: parts[1]!, region: parts[2]!, service: parts[3]! };
    }
  }
  return undefined;
}
