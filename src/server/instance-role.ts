/**
 * What an instance's metadata service hands out under `iam/`: the server's side of network/imds.ts. The
 * session for each instance is kept and handed out again until fewer than five minutes of it are left
 * (services/sts/instance-role.ts decides), as EC2 rotates instance credentials before they expire.
 */
import type { ImdsInstance, ImdsRole } from '../network/imds.js';
import type { IssuedCredential } from '../services/iam/credentials.js';
import { instanceRoleCredentials } from '../services/sts/instance-role.js';
import type { Clock } from '../shared/clock.js';
import type { Store } from '../store/store.js';

export function instanceRoles(store: Store, clock: Clock): (instance: ImdsInstance) => ImdsRole {
  const sessions = new Map<string, IssuedCredential>();
  return (instance) => {
    if (!instance.profile) return { kind: 'no-role' };
    const answer = instanceRoleCredentials(store, clock, { account: instance.account, instanceId: instance.instanceId, profile: instance.profile, previous: sessions.get(instance.instanceId) });
    if (answer.kind === 'no-role') return answer;
    if (answer.kind === 'denied') return { ...answer, lastUpdated: isoSeconds(clock.now().toISOString()) };
    const c = answer.credential;
    sessions.set(instance.instanceId, c);
    return {
      kind: 'session',
      roleName: answer.roleName,
      lastUpdated: isoSeconds(c.CreateDate),
      AccessKeyId: c.AccessKeyId,
      SecretAccessKey: c.SecretAccessKey,
      Token: c.SessionToken ?? '',
      Expiration: c.Expiration ?? '',
    };
  };
}

const isoSeconds = (iso: string): string => iso.replace(/\.\d{3}Z$/, 'Z');
