/**
 * A custom-runtime (`provided.al2`, `provided.al2023`) execution environment: the function's own `bootstrap`
 * executable, run with AWS_LAMBDA_RUNTIME_API pointing at this environment's Runtime API server. Its
 * stdout and stderr are its log, as on Lambda.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { StartResult } from './environment.js';
import { exitError, lambdaEnvironment, ProcessEnvironment } from './process-environment.js';
import { responseTooLargePayload, RuntimeApi } from './runtime-api.js';
import type { FunctionImage, InvokeRequest } from './types.js';

export class CustomEnvironment extends ProcessEnvironment {
  static async start(image: FunctionImage, logStreamName: string): Promise<StartResult> {
    let environment: CustomEnvironment | undefined;
    let settle: (r: StartResult) => void = () => undefined;
    const settled = new Promise<StartResult>((resolve) => (settle = resolve));
    const started = performance.now();
    let early = '';
    const api = await RuntimeApi.listen({
      onFirstNext: () => {
        if (!environment) return;
        environment.initDurationMs = performance.now() - started;
        settle({ environment });
      },
      onResponse: (id, payload) => environment?.complete(id, { kind: 'success', payload }, '', 0),
      onError: (id, error) => environment?.fail(id, error, '', 0),
      onResponseTooLarge: (id, error) => environment?.complete(id, { kind: 'error', payload: responseTooLargePayload(error), errorType: error.errorType }, '', 0),
      onInitError: (error) => {
        child.kill('SIGKILL');
        settle({ initError: error, log: early });
      },
    });
    const child = spawn(join(image.codeDir, 'bootstrap'), [], {
      cwd: image.codeDir,
      env: { ...lambdaEnvironment(image, logStreamName), AWS_LAMBDA_RUNTIME_API: api.address },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (d: Buffer) => (early += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (early += d.toString('utf8')));
    child.once('error', (error) => (api.close(), settle({ initError: { errorType: 'Runtime.InvalidEntrypoint', errorMessage: error.message, trace: [] }, log: early })));
    child.once('exit', (code, signal) => {
      api.close();
      settle({ initError: exitError(undefined, code, signal), log: early });
    });
    environment = new CustomEnvironment(image, child, api);
    const result = await settled;
    if ('initError' in result) child.kill('SIGKILL');
    return result;
  }

  private constructor(image: FunctionImage, child: ReturnType<typeof spawn>, private readonly api: RuntimeApi) {
    super(image, child);
  }

  protected deliver(request: InvokeRequest, deadlineMs: number): void {
    this.api.deliver({ requestId: request.requestId, payload: request.payload, invokedFunctionArn: request.invokedFunctionArn, deadlineMs });
  }

  override dispose(): void {
    super.dispose();
    this.api.close();
  }
}
