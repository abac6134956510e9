/**
 * Lambda authorizers' results, cached per stage as API Gateway caches them: by authorizer and identity-source
 * values, for the authorizer's TTL (authorizerResultTtlInSeconds; 0 caches nothing). The cached policy is
 * applied to every method the authorizer guards, as on AWS (a policy naming one method then denies the
 * others until it expires). FlushStageAuthorizersCache empties one stage's entries.
 */

export interface CachedResult<T> {
  value: T;
  /** Epoch milliseconds. */
  expiresAt: number;
}

/** Entries kept per stage before the oldest are dropped (a client sending a new token each time cannot grow it). */
const STAGE_CAPACITY = 10_000;

export class AuthorizerCache<T = unknown> {
  /** `{account}/{api}/{stage}` → `{authorizerId}\n{identity}` → result. */
  private readonly stages = new Map<string, Map<string, CachedResult<T>>>();

  get(stageKey: string, key: string, now: number): T | undefined {
    const stage = this.stages.get(stageKey);
    const hit = stage?.get(key);
    if (!hit) return undefined;
    if (hit.expiresAt > now) return hit.value;
    stage!.delete(key);
    return undefined;
  }

  set(stageKey: string, key: string, value: T, expiresAt: number): void {
    let stage = this.stages.get(stageKey);
    if (!stage) this.stages.set(stageKey, (stage = new Map()));
    if (stage.size >= STAGE_CAPACITY) stage.delete(stage.keys().next().value!);
    stage.set(key, { value, expiresAt });
  }

  /** FlushStageAuthorizersCache. */
  flush(stageKey: string): void {
    this.stages.delete(stageKey);
  }

  /** How many results a stage holds (the console and tests look). */
  size(stageKey: string): number {
    return this.stages.get(stageKey)?.size ?? 0;
  }
}

export const stageCacheKey = (account: string, apiId: string, stageName: string): string => `${account}/${apiId}/${stageName}`;
