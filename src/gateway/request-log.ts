/**
 * The recent execute-api requests with the facts needed to explain them: who called, through which endpoint,
 * what each policy decided. Evaluations are kept as computed; they are put into sentences only when someone
 * asks (`gatehouse explain`, the log), so the request path pays nothing for the explanation.
 */
import { explain, type Evaluation } from '../policy/evaluate.js';

export interface PolicyDecision {
  /** The VPC endpoint's policy (evaluated first) or the API's resource policy. */
  policy: 'vpc-endpoint' | 'resource';
  /** The endpoint id or the API id the policy belongs to. */
  owner: string;
  /** Undefined when there was no policy to evaluate (a public API without a resource policy). */
  evaluation: Evaluation | undefined;
}

export interface RequestRecord {
  requestId: string;
  /** ISO 8601. */
  time: string;
  /** `private` through a VPC endpoint; `public` on Gatehouse's main port. */
  door: 'private' | 'public';
  method: string;
  host: string;
  url: string;
  sourceIp: string;
  instanceId?: string;
  vpcId?: string;
  vpceId?: string;
  apiId?: string;
  stage?: string;
  /** The resource path and method the request was routed to. */
  resource?: string;
  resourceArn?: string;
  integration?: string;
  policies: PolicyDecision[];
  status: number;
  /** The gateway response's `x-amzn-ErrorType` when the request failed. */
  errorType?: string;
  durationMs: number;
}

type Listener = (record: RequestRecord) => void;

export class RequestLog {
  private readonly records = new Map<string, RequestRecord>();
  private readonly listeners = new Set<Listener>();

  constructor(private readonly capacity = 1000) {}

  add(record: RequestRecord): void {
    if (this.records.size >= this.capacity) this.records.delete(this.records.keys().next().value!);
    this.records.set(record.requestId, record);
    for (const listener of this.listeners) listener(record);
  }

  get(requestId: string): RequestRecord | undefined {
    return this.records.get(requestId);
  }

  /** The newest `limit` records, oldest first. */
  recent(limit = 100): RequestRecord[] {
    return [...this.records.values()].slice(-limit);
  }

  follow(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  clear(): void {
    this.records.clear();
  }
}

/** A record as JSON for `gatehouse explain`: each policy decision with its explanation in sentences. */
export function explainedRecord(record: RequestRecord): Record<string, unknown> {
  return {
    ...record,
    policies: record.policies.map((p) => ({
      policy: p.policy,
      owner: p.owner,
      decision: p.evaluation?.decision ?? 'NoPolicy',
      explanation: p.evaluation ? explain(p.evaluation) : [p.policy === 'resource' ? 'The deployed API has no resource policy.' : 'The endpoint has no policy.'],
    })),
  };
}
