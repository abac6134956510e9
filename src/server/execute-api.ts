/**
 * Gatehouse's side of execute-api: the one pipeline (loaded on first need) that both the VPC endpoint
 * listeners and the main port feed, the main port's names for public APIs, and the recent-requests view
 * behind `gatehouse explain`.
 */
import type { IncomingMessage } from 'node:http';
import { hostOfHeader, parseExecuteApiHost } from '../domain/execute-api-host.js';
import type { ExecuteApiPipeline, LambdaInvoker } from '../gateway/pipeline.js';
import type { RequestRecord } from '../gateway/request-log.js';
import { DEFAULT_ACCOUNT } from '../shared/accounts.js';
import { systemClock } from '../shared/clock.js';
import type { Store } from '../store/store.js';
import type { Logger } from './logger.js';

export interface LazyPipeline {
  (): Promise<ExecuteApiPipeline>;
  /** Already loaded, or undefined (nothing to explain before the first request). */
  loaded(): ExecuteApiPipeline | undefined;
}

/** How SigV4 callers are known: the default account of keys Gatehouse does not know, and whether they are refused. */
export interface CallerSettings {
  defaultAccount: string;
  strictAuth?: boolean;
}

export function lazyPipeline(store: Store, logger: Logger, invokeLambda: LambdaInvoker, callers?: CallerSettings): LazyPipeline {
  let pipeline: ExecuteApiPipeline | undefined;
  let loading: Promise<ExecuteApiPipeline> | undefined;
  const load = (): Promise<ExecuteApiPipeline> =>
    (loading ??= Promise.all([import('../gateway/pipeline.js'), import('../gateway/deployments.js'), import('../gateway/request-log.js'), import('./iam-callers.js')]).then(([{ ExecuteApiPipeline }, { Deployments }, reasons, { IamCallers }]) => {
      const defaultAccount = callers?.defaultAccount ?? DEFAULT_ACCOUNT;
      pipeline = new ExecuteApiPipeline({
        callers: { directory: new IamCallers(store, defaultAccount), defaultAccount, strictAuth: callers?.strictAuth === true },
        deployments: new Deployments(store),
        store,
        clock: systemClock,
        invokeLambda,
        onRequest: (record) => logRequest(logger, record, reasons),
        onUnexpectedError: (error) => logger.error({ err: error }, 'execute-api request failed'),
        onUnreadable: (kind, owner, reason) =>
          kind === 'deployment'
            ? logger.warn({ deployment: owner, reason }, 'a stored deployment cannot be read: its stages refuse every request (fail closed)')
            : logger.warn({ policy: kind, owner, reason }, 'a stored policy cannot be read: it denies every request (fail closed)'),
      });
      return pipeline;
    }));
  return Object.assign(load, { loaded: () => pipeline });
}

/**
 * One line per execute-api request; the policy decisions say which statement decided. A request a policy
 * refused also says why in one sentence (`reason`); allowed requests get theirs only at debug level, so the
 * hot path builds no sentences (the per-policy decisions are the only strings made at info).
 */
export function logRequest(logger: Logger, record: RequestRecord, reasons: Pick<typeof import('../gateway/request-log.js'), 'decisionReason' | 'denyingPolicy'>): void {
  if (!logger.isLevelEnabled('info')) return;
  const decisions = record.policies.map((p) => `${p.policy}:${p.unreadable !== undefined ? 'Unreadable' : (p.evaluation?.decision ?? 'none')}`).join(' ');
  const line: Record<string, unknown> = { requestId: record.requestId, api: record.apiId, stage: record.stage, method: record.method, url: record.url, status: record.status, from: record.instanceId ?? record.sourceIp, vpce: record.vpceId, decisions };
  if (record.errorType !== undefined) line['errorType'] = record.errorType;
  if (record.integrationError !== undefined) line['integrationError'] = record.integrationError;
  // A policy denial (or an unreadable deployment) is always a 403; everything else skips the search unless debugging.
  if ((record.status === 403 && (record.unreadableDeployment !== undefined || reasons.denyingPolicy(record) !== undefined)) || logger.isLevelEnabled('debug')) {
    const why = reasons.decisionReason(record);
    if (why !== undefined) line['reason'] = why;
  }
  logger.info(line, 'execute-api request');
}

// The prefix alone, or with an empty API id, still names the execute-api front end (403 Forbidden there).
const PUBLIC_PATH = /^\/_aws\/execute-api(?=$|[/?])(?:\/([^/?]*))?(.*)$/;

/**
 * A public API named on the main port: `http://{api}.execute-api.localhost:PORT/{stage}/...` or
 * `/_aws/execute-api/{api}/{stage}/...`. Returns the API id and the URL from the stage on.
 */
export function publicApiTarget(req: IncomingMessage): { apiId: string; url: string } | undefined {
  const url = req.url ?? '/';
  const byHost = parseExecuteApiHost(hostOfHeader(req.headers.host ?? ''));
  if (byHost?.kind === 'execute-api-local') return { apiId: byHost.apiId, url };
  const byPath = PUBLIC_PATH.exec(url);
  if (byPath) return { apiId: byPath[1] ?? '', url: byPath[2] || '/' };
  return undefined;
}
