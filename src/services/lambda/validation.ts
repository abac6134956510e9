/** The checks CreateFunction and UpdateFunctionConfiguration make, with Lambda's exact words. */
import { validationError } from '../../shared/errors.js';
import { invalidParameter } from './errors.js';

export const ROLE_PATTERN_TEXT = 'arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+';
const ROLE_PATTERN = new RegExp(`^${ROLE_PATTERN_TEXT}$`);

/** The runtimes Gatehouse runs (each Node major on its own Node: runtime/node-runtimes.ts). */
export const RUNNABLE_RUNTIMES = new Set([
  'nodejs18.x', 'nodejs20.x', 'nodejs22.x', 'nodejs24.x', 'provided.al2', 'provided.al2023',
  'python3.9', 'python3.10', 'python3.11', 'python3.12', 'python3.13', 'python3.14',
]);
/** Lambda's enum as it printed it (recorded March 2024; AWS's order). */
const RUNTIME_ENUM_TEXT =
  '[nodejs20.x, provided.al2023, python3.12, java17, nodejs16.x, dotnet8, python3.10, java11, python3.11, dotnet6, java21, nodejs18.x, provided.al2, java8.al2, ruby3.2, python3.8, python3.9]';
/** Runtimes Lambda still accepts: the recorded enum plus those added since. */
const KNOWN_RUNTIMES = new Set([
  ...RUNTIME_ENUM_TEXT.slice(1, -1).split(', '),
  'nodejs22.x', 'nodejs24.x', 'python3.13', 'python3.14', 'ruby3.3', 'ruby3.4', 'java25', 'dotnet10',
]);
const DEPRECATED_RUNTIMES = new Set([
  'nodejs', 'nodejs4.3', 'nodejs4.3-edge', 'nodejs6.10', 'nodejs8.10', 'nodejs10.x', 'nodejs12.x', 'nodejs14.x', 'python2.7', 'python3.6', 'python3.7',
  'dotnetcore1.0', 'dotnetcore2.0', 'dotnetcore2.1', 'dotnetcore3.1', 'dotnet5.0', 'ruby2.5', 'ruby2.7', 'go1.x', 'java8', 'provided',
]);

export interface ConfigurationInput {
  Role?: string;
  Runtime?: string;
  Handler?: string;
  Timeout?: number;
  MemorySize?: number;
  Description?: string;
  Environment?: { Variables?: Record<string, string> };
  /** Layer version ARNs, in the order they are extracted. */
  Layers?: string[];
}

/** Framework validation first (all clauses together), then Lambda's own checks. */
export function checkConfiguration(input: ConfigurationInput): void {
  const clauses: string[] = [];
  if (input.Role !== undefined && !ROLE_PATTERN.test(input.Role)) {
    clauses.push(`Value '${input.Role}' at 'role' failed to satisfy constraint: Member must satisfy regular expression pattern: ${ROLE_PATTERN_TEXT}`);
  }
  if (input.Timeout !== undefined) {
    if (!(input.Timeout >= 1)) clauses.push(`Value '${input.Timeout}' at 'timeout' failed to satisfy constraint: Member must have value greater than or equal to 1`);
    else if (input.Timeout > 900) clauses.push(`Value '${input.Timeout}' at 'timeout' failed to satisfy constraint: Member must have value less than or equal to 900`);
  }
  if (input.MemorySize !== undefined) {
    if (!(input.MemorySize >= 128)) clauses.push(`Value '${input.MemorySize}' at 'memorySize' failed to satisfy constraint: Member must have value greater than or equal to 128`);
    else if (input.MemorySize > 10240) clauses.push(`Value '${input.MemorySize}' at 'memorySize' failed to satisfy constraint: Member must have value less than or equal to 10240`);
  }
  if (input.Handler !== undefined && (input.Handler.length > 128 || !/^[^\s]+$/.test(input.Handler))) {
    clauses.push(`Value '${input.Handler}' at 'handler' failed to satisfy constraint: Member must satisfy regular expression pattern: [^\\s]+`);
  }
  if (input.Description !== undefined && input.Description.length > 256) {
    clauses.push(`Value '${input.Description}' at 'description' failed to satisfy constraint: Member must have length less than or equal to 256`);
  }
  if (clauses.length > 0) throw validationError(clauses);
  if (input.Runtime !== undefined) checkRuntime(input.Runtime);
  const variables = input.Environment?.Variables;
  if (variables !== undefined) {
    const measured = JSON.stringify(variables);
    if (Buffer.byteLength(measured) > 4096) {
      throw invalidParameter(`Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit. String measured: ${measured}`);
    }
  }
}

function checkRuntime(runtime: string): void {
  if (DEPRECATED_RUNTIMES.has(runtime)) {
    const recommended = runtime.startsWith('nodejs') ? 'We recommend you use the new runtime (nodejs20.x) while creating or updating functions.' : 'We recommend you use a supported runtime while creating or updating functions.';
    throw invalidParameter(`The runtime parameter of ${runtime} is no longer supported for creating or updating AWS Lambda functions. ${recommended}`);
  }
  if (!KNOWN_RUNTIMES.has(runtime)) {
    throw invalidParameter(`Value ${runtime} at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: ${RUNTIME_ENUM_TEXT} or be a valid ARN`);
  }
}

/**
 * A member the model requires: the wire layer does not check presence, so the handler does, in Coral's
 * words for a null member.
 */
export function requiredMember<T>(at: string, value: T | undefined): T {
  if (value === undefined) throw validationError([`Value null at '${at}' failed to satisfy constraint: Member must not be null`]);
  return value;
}
