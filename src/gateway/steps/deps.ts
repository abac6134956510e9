/** What the pipeline's steps share: the pipeline's options and the state it keeps across requests. */
import type { Clock } from '../../shared/clock.js';
import type { PoolKeys } from '../cognito-token.js';
import type { Store } from '../../store/store.js';
import type { AuthorizerCache } from '../authorizers/cache.js';
import type { Deployments } from '../deployments.js';
import type { EndpointPolicies } from '../endpoint-policies.js';
import type { LambdaInvoker } from '../invocation.js';
import type { PolicyDecision } from '../request-log.js';
import type { ThrottleBuckets } from './throttle.js';
import type { SigV4Options } from '../sigv4-caller.js';

/** What a stored document that cannot be read was: one of the two policies, or a deployment's snapshot. */
export type UnreadableKind = PolicyDecision['policy'] | 'deployment';

export interface StepDeps {
  readonly deployments: Deployments;
  readonly store: Store;
  readonly clock: Clock;
  readonly invokeLambda: LambdaInvoker;
  readonly endpointPolicies: EndpointPolicies;
  readonly authorizerCache: AuthorizerCache;
  /** Stage throttling's token buckets (steps/throttle.ts). */
  readonly throttleBuckets: ThrottleBuckets;
  /** Who signed a request: the server's directory of known keys, the default account, strictAuth. */
  readonly callers: SigV4Options;
  /** The public keys of a Cognito user pool by its ARN (COGNITO_USER_POOLS authorizers); absent: none can verify. */
  readonly cognitoKeys?: (poolArn: string) => PoolKeys | undefined;
  /** Tells the server once of each stored document that cannot be read (`key` says which and why). */
  warnUnreadable(key: string, kind: UnreadableKind, owner: string, reason: string): void;
}
