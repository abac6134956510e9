/**
 * The identity-based policies that apply to a caller, for whoever evaluates a request against them (the
 * execute-api AWS_IAM step of issue 14): a user's inline and attached managed policies (their default
 * versions), a role session's role's. The root is subject to none (it may do anything in its account).
 * AWS's own managed policies are named but their documents are not known to Gatehouse.
 */
import { parsePolicy, type PolicyDocument } from '../../policy/document.js';
import type { Store } from '../../store/store.js';
import type { Identity } from './credentials.js';
import { iamScope, parseIamArn } from './names.js';
import type { StoredPolicy, StoredRole, StoredUser } from './state.js';

export interface IdentityPolicies {
  /** Each policy with where it came from: `inline:{name}` or the managed policy's ARN. */
  documents: Array<{ source: string; document: PolicyDocument }>;
  /** Attached AWS managed policies (`arn:aws:iam::aws:policy/...`), whose documents Gatehouse does not have. */
  awsManaged: string[];
}

export function identityPolicies(store: Store, identity: Identity): IdentityPolicies {
  const out: IdentityPolicies = { documents: [], awsManaged: [] };
  if (identity.kind === 'root') return out;
  const scope = iamScope(identity.account);
  const holder: StoredRole | StoredUser | undefined =
    identity.kind === 'user' ? store.table<StoredUser>('iam_users').get(scope, '', identity.userName) : store.table<StoredRole>('iam_roles').get(scope, '', identity.roleName);
  if (!holder) return out;
  for (const p of holder.inline) {
    const parsed = parsePolicy(p.PolicyDocument);
    if (parsed.ok) out.documents.push({ source: `inline:${p.PolicyName}`, document: parsed.document });
  }
  for (const arn of holder.attached) {
    const named = parseIamArn(arn, 'policy');
    if (!named) continue;
    if (named.account === 'aws') {
      out.awsManaged.push(arn);
      continue;
    }
    const policy = store.table<StoredPolicy>('iam_policies').get(scope, '', named.name);
    const version = policy?.versions.find((v) => v.VersionId === policy.DefaultVersionId);
    const parsed = version ? parsePolicy(version.Document) : undefined;
    if (parsed?.ok) out.documents.push({ source: arn, document: parsed.document });
  }
  return out;
}
