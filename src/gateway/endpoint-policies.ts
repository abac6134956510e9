/**
 * The VPC endpoint policy a request meets first, by the endpoint it came through. Hot path: each endpoint is
 * read from the store once until the store next changes, and its text parsed once (stored-policy.ts).
 */
import type { ConnectionOrigin, VpcEndpoint } from '../domain/ec2.js';
import type { Store } from '../store/store.js';
import { readStoredPolicy, type StoredPolicy } from './stored-policy.js';

export class EndpointPolicies {
  private readonly byEndpoint = new Map<string, StoredPolicy | undefined>();
  private revision = -1;

  constructor(private readonly store: Store) {}

  /** The endpoint's policy (AWS's full-access default when none was set), or undefined when the endpoint is gone. */
  of(origin: Pick<ConnectionOrigin, 'account' | 'region' | 'vpceId'>): StoredPolicy | undefined {
    const revision = this.store.revision();
    if (revision !== this.revision) {
      this.byEndpoint.clear();
      this.revision = revision;
    }
    const key = `${origin.account}/${origin.region}/${origin.vpceId}`;
    if (this.byEndpoint.has(key)) return this.byEndpoint.get(key);
    const endpoint = this.store.table<VpcEndpoint>('ec2_vpc_endpoints').get({ account: origin.account, region: origin.region }, '', origin.vpceId);
    const policy = endpoint ? readStoredPolicy(endpoint.PolicyDocument) : undefined;
    this.byEndpoint.set(key, policy);
    return policy;
  }
}
