/**
 * Step `throttle`: a stage's throttling settings (UpdateStage's `throttling/rateLimit` and `throttling/burstLimit` for every
 * method, `*` and `*`, or for one resource path and method, which wins) limit requests with a token bucket per setting, as
 * API Gateway does: `burstLimit` requests at once, refilled at `rateLimit` per second; past them 429
 * {"message":"Too Many Requests"} (THROTTLED). A limit of 0 refuses every request. A stage without settings
 * has only the account's default (10,000 per second, burst 5,000), which this step does not count. Stage
 * settings apply at once, as on AWS (they are the stage's, not the deployment's).
 */
import type { MethodSetting } from '../../domain/apigateway.js';
import { GatewayError } from '../gateway-error.js';
import type { StepDeps } from './deps.js';
import { routed, type ExecuteApiRequest } from './request.js';

export const throttled = (): GatewayError => new GatewayError('THROTTLED', 429, 'TooManyRequestsException', '{"message":"Too Many Requests"}');

interface Bucket {
  tokens: number;
  /** Epoch ms of the last refill. */
  at: number;
  rate: number;
  burst: number;
}

/** Buckets by `{account}/{api}/{stage}/{setting key}`, kept by the pipeline across requests. */
export class ThrottleBuckets {
  private readonly buckets = new Map<string, Bucket>();

  /** Takes one token; false when the bucket is empty. A changed setting starts a full bucket. */
  take(key: string, rate: number, burst: number, now: number): boolean {
    let b = this.buckets.get(key);
    if (!b || b.rate !== rate || b.burst !== burst) {
      if (this.buckets.size >= 10_000) this.buckets.clear();
      this.buckets.set(key, (b = { tokens: burst, at: now, rate, burst }));
    } else {
      b.tokens = Math.min(burst, b.tokens + ((now - b.at) / 1000) * rate);
      b.at = now;
    }
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }
}

/** The method setting for a method: its own (`~1pets/GET`), else the stage-wide one (key `*` `/` `*`). */
function settingOf(settings: Readonly<Record<string, MethodSetting>>, resourcePath: string, httpMethod: string): [string, MethodSetting] | undefined {
  const own = `${resourcePath.replace(/~/g, '~0').replace(/\//g, '~1')}/${httpMethod}`;
  const found = settings[own];
  if (found) return [own, found];
  const all = settings['*/*'];
  return all ? ['*/*', all] : undefined;
}

function hasAny(settings: object): boolean {
  for (const _ in settings) return true;
  return false;
}

export function throttle(request: ExecuteApiRequest, deps: StepDeps): void {
  const { served, routing, record } = routed(request);
  const settings = served.stage.methodSettings;
  // Hot path: most stages have no method settings (checked without allocating).
  if (!settings || !hasAny(settings)) return;
  const found = settingOf(settings, routing.route.resource.path, routing.route.method.httpMethod);
  if (!found) return;
  const [key, setting] = found;
  const { throttlingRateLimit: rate, throttlingBurstLimit: burst } = setting;
  const bucket = `${served.deployment.scope.account}/${served.deployment.api.id}/${served.stage.stageName}/${key}`;
  const refused = !deps.throttleBuckets.take(bucket, rate, burst, request.now.getTime());
  record.throttle = { setting: key, rateLimit: rate, burstLimit: burst, refused };
  if (refused) throw throttled();
}
