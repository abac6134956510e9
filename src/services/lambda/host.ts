/**
 * What the Lambda service needs from outside the store, provided by the server: a place for deployment
 * packages (kept by content, outside the documents), and execution environments to run functions in.
 */

export interface StoredCode {
  /** Hex SHA-256 of the package: where it is kept. */
  key: string;
  /** Base64 SHA-256, Lambda's CodeSha256. */
  sha256: string;
  size: number;
}

/** Everything needed to run one version of a function. */
export interface FunctionTarget {
  functionName: string;
  functionVersion: string;
  functionArn: string;
  runtime: string;
  handler: string;
  codeKey: string;
  /** The code keys of the function's layers, in the order Lambda extracts them (later ones win). */
  layerKeys: readonly string[];
  memorySize: number;
  timeout: number;
  environment: Readonly<Record<string, string>>;
  account: string;
  region: string;
  /** Most environments at once (reserved concurrency), if set. */
  reservedConcurrency?: number;
  /** Changes whenever the configuration or code changes, so warm environments of an older one are not reused. */
  revisionId: string;
}

export interface HostInvokeResult {
  kind: 'success' | 'error';
  payload: string;
  log: string;
}

/** Whose package a Location is for: a function's (`tasks`, as Lambda's bucket is named) or a layer's. */
export interface CodeWhere {
  kind: 'tasks' | 'layers';
  region: string;
  account: string;
  name: string;
}

export interface LambdaHost {
  /**
   * Grows whenever a committed Lambda operation may have changed a function, so what was read from the store
   * for a previous invocation can be reused until it does.
   */
  readonly generation: number;
  /** Called after every committed Lambda change (the server's commit listener). */
  changed(): void;
  /** Keeps a package; throws Lambda's InvalidParameterValueException if it is not a zip. */
  storeCode(zip: Buffer): StoredCode;
  /** A URL where GetFunction's (GetLayerVersion's) caller can download the package: a presigned S3 URL, as Lambda's. */
  codeLocation(key: string, where: CodeWhere): string;
  /** Runs one invocation; rejects with TooManyRequestsException past the concurrency limit. */
  invoke(target: FunctionTarget, request: { requestId: string; payload: string; invokedFunctionArn: string }): Promise<HostInvokeResult>;
  /** Drops warm environments of a function (deleted, or its configuration changed). */
  retire(functionArn: string): void;
}
