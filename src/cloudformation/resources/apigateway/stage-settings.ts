/**
 * What a stage has, whether AWS::ApiGateway::Stage says it or a deployment's StageDescription does: its
 * properties, declared once, and the UpdateStage patch operations for its method settings and access logs,
 * which neither CreateStage nor CreateDeployment takes.
 */
import type { Tag } from '../properties.js';
import { bool, int, list, map, num, obj, str, tagList } from '../schema.js';
import type { PatchOperation } from './service.js';

export interface MethodSettingProps {
  HttpMethod?: string;
  ResourcePath?: string;
  LoggingLevel?: string;
  MetricsEnabled?: boolean;
  DataTraceEnabled?: boolean;
  ThrottlingBurstLimit?: number;
  ThrottlingRateLimit?: number;
  CachingEnabled?: boolean;
  CacheTtlInSeconds?: number;
  CacheDataEncrypted?: boolean;
}

export const SETTING_FIELDS = {
  LoggingLevel: str,
  MetricsEnabled: bool,
  DataTraceEnabled: bool,
  ThrottlingBurstLimit: int,
  ThrottlingRateLimit: num,
  CachingEnabled: bool,
  CacheTtlInSeconds: int,
  CacheDataEncrypted: bool,
};
const METHOD_SETTING = obj({ HttpMethod: str, ResourcePath: str, ...SETTING_FIELDS });

/** CloudFormation's setting names → the paths UpdateStage takes under `/{resourcePath}/{httpMethod}/`. */
export const SETTING_PATHS: ReadonlyArray<[keyof MethodSettingProps, string]> = [
  ['MetricsEnabled', 'metrics/enabled'],
  ['DataTraceEnabled', 'logging/dataTrace'],
  ['LoggingLevel', 'logging/loglevel'],
  ['ThrottlingBurstLimit', 'throttling/burstLimit'],
  ['ThrottlingRateLimit', 'throttling/rateLimit'],
  ['CachingEnabled', 'caching/enabled'],
  ['CacheTtlInSeconds', 'caching/ttlInSeconds'],
  ['CacheDataEncrypted', 'caching/dataEncrypted'],
];

/** `/~1pets` + `GET` → `/~1pets/GET`; `/*` + `*` (every method) → `/*\/*`; the root path `/` is `/~1`. */
export function settingBase(s: MethodSettingProps): string {
  const path = s.ResourcePath ?? '/*';
  return `${path === '/' ? '/~1' : path}/${s.HttpMethod ?? '*'}`;
}

export function settingPatches(settings: readonly MethodSettingProps[]): PatchOperation[] {
  return settings.flatMap((s) =>
    SETTING_PATHS.filter(([field]) => s[field] !== undefined).map(([field, path]): PatchOperation => ({ op: 'replace', path: `${settingBase(s)}/${path}`, value: String(s[field]) })),
  );
}

interface AccessLogProps {
  DestinationArn?: string;
  Format?: string;
}

const ACCESS_LOG = obj({ DestinationArn: str, Format: str });

export function accessLogPatches(before: AccessLogProps | undefined, after: AccessLogProps | undefined): PatchOperation[] {
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  if (after === undefined || (after.DestinationArn === undefined && after.Format === undefined)) return before === undefined ? [] : [{ op: 'remove', path: '/accessLogSettings' }];
  return [
    ...(after.DestinationArn !== undefined ? [{ op: 'replace' as const, path: '/accessLogSettings/destinationArn', value: after.DestinationArn }] : []),
    ...(after.Format !== undefined ? [{ op: 'replace' as const, path: '/accessLogSettings/format', value: after.Format }] : []),
  ];
}

/** What a Stage and a Deployment's StageDescription both set on the stage. */
export interface StageSettingsProps {
  Description?: string;
  Variables?: Record<string, string>;
  MethodSettings?: MethodSettingProps[];
  CacheClusterEnabled?: boolean;
  CacheClusterSize?: string;
  TracingEnabled?: boolean;
  AccessLogSetting?: AccessLogProps;
  ClientCertificateId?: string;
  DocumentationVersion?: string;
  Tags?: Tag[];
}

/** What a stage has, whether AWS::ApiGateway::Stage says it or a deployment's StageDescription does. */
export const STAGE_FIELDS = {
  Description: str,
  Variables: map(str),
  MethodSettings: list(METHOD_SETTING),
  CacheClusterEnabled: bool,
  CacheClusterSize: str,
  TracingEnabled: bool,
  AccessLogSetting: ACCESS_LOG,
  ClientCertificateId: str,
  DocumentationVersion: str,
  Tags: tagList,
};
