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
  /** The layer versions the function uses, in the order they are extracted; absent when it uses none. */
  Layers?: Array<{ Arn: string; CodeSize: number }>;
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
  /** The code keys of `configuration.Layers`, in the same order (a deleted layer version stays usable). */
  layerKeys?: string[];
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
  layerKeys?: string[];
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

/** A layer: its versions are numbered from 1 and numbers are never reused, even after every version is deleted. */
export interface LambdaLayer {
  LayerName: string;
  LayerArn: string;
  /** The number the next PublishLayerVersion gets. */
  nextVersion: number;
}

/** One statement of a layer version's policy, as AddLayerVersionPermission returns it. */
export interface LayerPermissionStatement {
  Sid: string;
  Effect: 'Allow';
  Principal: '*' | { AWS: string };
  Action: string;
  Resource: string;
  Condition?: Record<string, Record<string, string>>;
}

/** One published version of a layer, in AWS's member names, with where its archive is kept. */
export interface LayerVersionRecord {
  LayerVersionArn: string;
  Version: number;
  Description: string;
  CreatedDate: string;
  CompatibleRuntimes?: string[];
  LicenseInfo?: string;
  CompatibleArchitectures?: string[];
  /** Base64 SHA-256 of the archive. */
  CodeSha256: string;
  CodeSize: number;
  /** Hex SHA-256 of the archive: where the host keeps it. */
  codeKey: string;
  policy?: LayerPermissionStatement[];
  /** Changes with every change of the policy. */
  policyRevisionId?: string;
}
