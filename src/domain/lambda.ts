/**
 * Lambda's control-plane entities as Gatehouse stores them. `FunctionConfiguration` uses AWS's member names,
 * so it is what GetFunctionConfiguration returns. Code is kept outside the documents, by content: `codeKey`
 * is the hex SHA-256 of the deployment package.
 */

export interface FunctionConfiguration {
  FunctionName: string;
  FunctionArn: string;
  Runtime: string;
  Role: string;
  Handler: string;
  CodeSize: number;
  Description: string;
  Timeout: number;
  MemorySize: number;
  LastModified: string;
  CodeSha256: string;
  Version: string;
  Environment?: { Variables: Record<string, string> };
  TracingConfig: { Mode: string };
  RevisionId: string;
  State: string;
  LastUpdateStatus: string;
  PackageType: 'Zip';
  Architectures: string[];
  EphemeralStorage: { Size: number };
  SnapStart: { ApplyOn: string; OptimizationStatus: string };
  LoggingConfig: { LogFormat: string; LogGroup: string };
  RuntimeVersionConfig: { RuntimeVersionArn: string };
}

/** One statement of a function's resource policy, in the JSON form AddPermission returns. */
export interface PermissionStatement {
  Sid: string;
  Effect: 'Allow';
  Principal: '*' | { Service: string } | { AWS: string };
  Action: string;
  Resource: string;
  Condition?: Record<string, Record<string, string>>;
}

export interface LambdaFunction {
  /** $LATEST. */
  configuration: FunctionConfiguration;
  codeKey: string;
  tags?: Record<string, string>;
  reservedConcurrency?: number;
  /** $LATEST's resource policy; versions and aliases have their own. */
  policy?: PermissionStatement[];
  /** The number the next PublishVersion gets. */
  nextVersion: number;
}

export interface FunctionVersion {
  configuration: FunctionConfiguration;
  codeKey: string;
  policy?: PermissionStatement[];
}

export interface FunctionAlias {
  AliasArn: string;
  Name: string;
  FunctionVersion: string;
  Description: string;
  RevisionId: string;
  RoutingConfig?: { AdditionalVersionWeights?: Record<string, number> };
  policy?: PermissionStatement[];
}
