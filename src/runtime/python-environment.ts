/**
 * A Python execution environment (`python3.9` … `python3.14`): Gatehouse's bootstrap (bootstrap/python/
 * bootstrap.py) run by a Python found on the machine (python-interpreter.ts), speaking the Lambda Runtime
 * API to this environment's own server (runtime-api.ts), as a `provided.*` bootstrap does. Errors are given
 * in the Python runtime's shape: {errorMessage, errorType, requestId, stackTrace}.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ErrorPayload } from './bootstrap/protocol.js';
import type { InitFailure, StartResult } from './environment.js';
import { exitError, lambdaEnvironment, ProcessEnvironment } from './process-environment.js';
import { layerPaths } from './layer-paths.js';
import { findPython, runtimeMinor, type PythonInterpreter } from './python-interpreter.js';
import { responseTooLargePayload, RuntimeApi, type RuntimeLog } from './runtime-api.js';
import type { FunctionImage, InvokeRequest } from './types.js';

/**
 * The bootstrap is a Python file tsc does not copy: the build copies it next to this module
 * (scripts/build-package.mjs --assets); a dist/ compiled by tsc alone finds it in the checkout's src/.
 */
const BOOTSTRAP = [new URL('./bootstrap/python/bootstrap.py', import.meta.url), new URL('../../../src/runtime/bootstrap/python/bootstrap.py', import.meta.url)]
  .map((url) => fileURLToPath(url))
  .find((file) => existsSync(file));

/** The Python runtime's error JSON, in its order. */
export function pythonError(error: ErrorPayload, requestId: string): string {
  return JSON.stringify({ errorMessage: error.errorMessage, errorType: error.errorType, requestId, stackTrace: error.trace });
}

/** The log line that says which interpreter runs the environment, in the INIT part of its first log. */
export function initLine(runtime: string, python: PythonInterpreter): string {
  const wanted = runtimeMinor(runtime);
  const note = wanted !== undefined && wanted !== python.minor ? ` (no python3.${wanted} on this machine: the closest Python runs it)` : '';
  return `INIT_START Runtime Version: ${runtime.replace('python', 'python:')}\tInterpreter: ${python.executable} (Python ${python.version})${note}\n`;
}

export class PythonEnvironment extends ProcessEnvironment {
  static async start(image: FunctionImage, logStreamName: string): Promise<StartResult> {
    const python = await findPython(image.runtime);
    if (python === undefined || BOOTSTRAP === undefined) return noPython(image, python === undefined);
    let environment: PythonEnvironment | undefined;
    let settle: (r: StartResult) => void = () => undefined;
    const settled = new Promise<StartResult>((resolve) => (settle = resolve));
    const started = performance.now();
    let early = '';
    const INIT = initLine(image.runtime, python);
    const api = await RuntimeApi.listen({
      onFirstNext: () => {
        if (!environment) return;
        environment.initDurationMs = performance.now() - started;
        settle({ environment });
      },
      onResponse: (id, payload, log) => environment?.answer(id, { kind: 'success', payload }, log),
      onError: (id, error, log) => environment?.answer(id, { kind: 'error', payload: pythonError(error, id), errorType: error.errorType }, log),
      onResponseTooLarge: (id, error) => environment?.answer(id, { kind: 'error', payload: responseTooLargePayload(error), errorType: error.errorType }, undefined),
      onInitError: (error, log) => {
        child.kill('SIGKILL');
        settle({ initError: error, log: INIT + early + (log ? log.init + log.invocation : ''), errorLog: '', payload: (id) => pythonError(error, id) });
      },
    });
    const child = spawn(python.executable, [BOOTSTRAP, ...(image.optDir === undefined ? [] : layerPaths(image.optDir, image.runtime).python)], {
      cwd: image.codeDir,
      env: { ...lambdaEnvironment(image, logStreamName), AWS_LAMBDA_RUNTIME_API: api.address, PYTHONUNBUFFERED: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (d: Buffer) => (early += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (early += d.toString('utf8')));
    child.once('error', (error) => (api.close(), settle({ initError: { errorType: 'Runtime.InvalidEntrypoint', errorMessage: error.message, trace: [] }, log: INIT + early })));
    child.once('exit', (code, signal) => {
      api.close();
      settle({ initError: exitError(undefined, code, signal), log: INIT + early });
    });
    environment = new PythonEnvironment(image, child, api);
    environment.initLog = INIT;
    const result = await settled;
    if ('initError' in result) child.kill('SIGKILL');
    return result;
  }

  private constructor(image: FunctionImage, child: ReturnType<typeof spawn>, private readonly api: RuntimeApi) {
    super(image, child);
  }

  private answer(requestId: string, outcome: { kind: 'success'; payload: string } | { kind: 'error'; payload: string; errorType: string }, log: RuntimeLog | undefined): void {
    if (log !== undefined && log.init !== '') this.initLog += log.init;
    this.complete(requestId, outcome, log?.invocation ?? '', log?.maxRssMb ?? 0);
  }

  protected deliver(request: InvokeRequest, deadlineMs: number): void {
    this.api.deliver({ requestId: request.requestId, payload: request.payload, invokedFunctionArn: request.invokedFunctionArn, deadlineMs });
  }

  override dispose(): void {
    super.dispose();
    this.api.close();
  }
}

/**
 * No Python 3.9 or later on the machine (or no bootstrap): every invocation fails as Lambda's do when the
 * runtime's executable is missing, and the log says what to install.
 */
function noPython(image: FunctionImage, missingPython: boolean): InitFailure {
  const what = missingPython ? image.runtime : 'bootstrap.py';
  const hint = missingPython
    ? `Gatehouse found no Python 3.9 or later on PATH (looked for ${image.runtime}, python3, python3.9 and later): install python3 to run ${image.runtime} functions.\n`
    : 'Gatehouse could not find its Python bootstrap (src/runtime/bootstrap/python/bootstrap.py in its package).\n';
  const error: ErrorPayload = { errorType: 'Runtime.InvalidEntrypoint', errorMessage: `Error: fork/exec ${what}: no such file or directory`, trace: [] };
  return {
    initError: error,
    log: hint,
    errorLog: '',
    payload: (id) => JSON.stringify({ errorMessage: `RequestId: ${id} ${error.errorMessage}`, errorType: error.errorType }),
  };
}
