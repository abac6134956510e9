/**
 * Gatehouse's side of execute-api: the one pipeline (loaded on first need) that both the VPC endpoint
 * listeners and the main port feed, the main port's names for public APIs, and the recent-requests view
 * behind `gatehouse explain`.
 */
import type { IncomingMessage } from 'node:http';
import type { ExecuteApiPipeline, LambdaInvoker } from '../gateway/pipeline.js';
import type { RequestRecord } from '../gateway/request-log.js';
import { systemClock } from '../shared/clock.js';
import type { Store } from '../store/store.js';
import type { Logger } from './logger.js';

export interface LazyPipeline {
  (): Promise<ExecuteApiPipeline>;
  /** Already loaded, or undefined (nothing to explain before the first request). */
  loaded(): ExecuteApiPipeline | undefined;
}

export function lazyPipeline(store: Store, logger: Logger, invokeLambda: LambdaInvoker): LazyPipeline {
  let pipeline: ExecuteApiPipeline | undefined;
  let loading: Promise<ExecuteApiPipeline> | undefined;
  const load = (): Promise<ExecuteApiPipeline> =>
    (loading ??= Promise.all([import('../gateway/pipeline.js'), import('../gateway/deployments.js')]).then(([{ ExecuteApiPipeline }, { Deployments }]) => {
      pipeline = new ExecuteApiPipeline({
        deployments: new Deployments(store),
        store,
        clock: systemClock,
        invokeLambda,
        onRequest: (record) => logRequest(logger, record),
        onUnexpectedError: (error) => logger.error({ err: error }, 'execute-api request failed'),
      });
      return pipeline;
    }));
  return Object.assign(load, { loaded: () => pipeline });
}

/** One line per execute-api request; the policy decisions say which statement decided. */
function logRequest(logger: Logger, record: RequestRecord): void {
  if (!logger.isLevelEnabled('info')) return;
  const decisions = record.policies.map((p) => `${p.policy}:${p.evaluation?.decision ?? 'none'}`).join(' ');
  logger.info(
    { requestId: record.requestId, api: record.apiId, stage: record.stage, method: record.method, url: record.url, status: record.status, from: record.instanceId ?? record.sourceIp, vpce: record.vpceId, decisions },
    'execute-api request',
  );
}

const PUBLIC_HOST = /^([a-z0-9]{10})\.execute-api\.localhost(?::\d+)?$/i;
const PUBLIC_PATH = /^\/_aws\/execute-api\/([^/?]+)(.*)$/;

/**
 * A public API named on the main port: `http://{api}.execute-api.localhost:PORT/{stage}/...` or
 * `/_aws/execute-api/{api}/{stage}/...`. Returns the API id and the URL from the stage on.
 */
export function publicApiTarget(req: IncomingMessage): { apiId: string; url: string } | undefined {
  const url = req.url ?? '/';
  const byHost = PUBLIC_HOST.exec(req.headers.host ?? '');
  if (byHost) return { apiId: byHost[1]!.toLowerCase(), url };
  const byPath = PUBLIC_PATH.exec(url);
  if (byPath) return { apiId: byPath[1]!, url: byPath[2] || '/' };
  return undefined;
}
