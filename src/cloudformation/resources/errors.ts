/**
 * How a resource type fails: a ResourceFailure carries the status reason CloudFormation shows for the resource
 * (`Properties validation failed for resource X with message: ...`, or what Gatehouse cannot do), and the
 * handler error code AWS's resource handlers report. Failures of the services themselves stay the
 * ServiceErrors their APIs answer; `failureReason` words either kind as CloudFormation does.
 */
import { randomUUID } from 'node:crypto';
import { ServiceError } from '../../shared/errors.js';
import { callOf } from './service-caller.js';

/** The handler error codes of CloudFormation's resource provider contract that Gatehouse uses. */
export type HandlerErrorCode = 'InvalidRequest' | 'NotFound' | 'AlreadyExists' | 'ResourceConflict' | 'Throttling' | 'ServiceInternalError' | 'NotStabilized';

export class ResourceFailure extends Error {
  constructor(
    message: string,
    readonly handlerErrorCode: HandlerErrorCode = 'InvalidRequest',
  ) {
    super(message);
    this.name = 'ResourceFailure';
  }
}

/** AWS's words when a resource's properties do not fit its type's schema. */
export function validationFailed(logicalId: string, message: string): ResourceFailure {
  return new ResourceFailure(`Properties validation failed for resource ${logicalId} with message: ${message}`);
}

/** A property AWS accepts that Gatehouse cannot honour (S3 code, OpenAPI import, ...): said plainly, with what to do instead. */
export function notSupported(message: string): ResourceFailure {
  return new ResourceFailure(`Gatehouse does not support this: ${message}`);
}

/**
 * A resource whose name is taken, in the words of CloudFormation's resource handlers (verified for
 * AWS::ECR::Repository: `Resource handler returned message: "Resource of type 'AWS::ECR::Repository' with
 * identifier 'hello-world-app' already exists." (RequestToken: ..., HandlerErrorCode: AlreadyExists)`).
 */
export function resourceAlreadyExists(type: string, identifier: string): ResourceFailure {
  return new ResourceFailure(
    `Resource handler returned message: "Resource of type '${type}' with identifier '${identifier}' already exists." (RequestToken: ${randomUUID()}, HandlerErrorCode: AlreadyExists)`,
    'AlreadyExists',
  );
}

/**
 * Resource types Gatehouse has no record for. AWS refuses unknown types when it validates the template, naming
 * all of them at once; Gatehouse says the same, and that these are types it does not provision (yet).
 */
export function unsupportedTypes(types: readonly string[]): ResourceFailure {
  const list = [...new Set(types)].join(', ');
  return new ResourceFailure(`Template format error: Unrecognized resource types: [${list}] (Gatehouse does not provision ${types.length === 1 ? 'this type' : 'these types'})`);
}

/** Whether `error` is a ServiceError with one of these codes (a delete tolerates the resource being gone). */
export function isServiceError(error: unknown, ...codes: readonly string[]): error is ServiceError {
  return error instanceof ServiceError && (codes.length === 0 || codes.includes(error.code));
}

/** Runs a delete step; the listed "already gone" errors are not failures (AWS skips what no longer exists). */
export async function unlessGone(step: Promise<unknown>, ...goneCodes: readonly string[]): Promise<void> {
  try {
    await step;
  } catch (error) {
    if (!isServiceError(error, ...goneCodes)) throw error;
  }
}

const SERVICE_LABELS: Readonly<Record<string, string>> = { ec2: 'Ec2', lambda: 'Lambda', apigateway: 'ApiGateway', ssm: 'Ssm', sts: 'Sts', s3: 'S3', ecr: 'Ecr', iam: 'Iam' };

function handlerCodeOf(error: ServiceError): HandlerErrorCode {
  if (error.status === 404 || /NotFound/.test(error.code)) return 'NotFound';
  if (error.code === 'ResourceConflictException' || /Duplicate|AlreadyExists/.test(error.code)) return 'AlreadyExists';
  if (error.status === 409) return 'ResourceConflict';
  if (error.status === 429) return 'Throttling';
  if (error.status >= 500) return 'ServiceInternalError';
  return 'InvalidRequest';
}

/**
 * The resource's status reason for a failed create, update or delete, in CloudFormation's words:
 * `Resource handler returned message: "The CIDR '10.0.0.0/8' is invalid. (Service: Ec2, Status Code: 400,
 * Request ID: ...)" (HandlerErrorCode: InvalidRequest)` for a service's refusal; a ResourceFailure's own text.
 */
export function failureReason(error: unknown): string {
  if (error instanceof ResourceFailure) return error.message;
  if (error instanceof ServiceError) {
    const call = callOf(error);
    const detail = call ? `Service: ${SERVICE_LABELS[call.service] ?? call.service}, Status Code: ${error.status}, Request ID: ${call.requestId}` : `Status Code: ${error.status}`;
    return `Resource handler returned message: "${error.message} (${detail})" (HandlerErrorCode: ${handlerCodeOf(error)})`;
  }
  return `Internal Failure${error instanceof Error ? `: ${error.message}` : ''}`;
}

/**
 * Runs the steps that follow a resource's creation; if one fails, `undo` removes what was created (best effort)
 * and the step's error is the resource's failure, so a failed create leaves nothing behind for the stack to track.
 */
export async function orUndo<T>(steps: () => Promise<T>, undo: () => Promise<unknown>): Promise<T> {
  try {
    return await steps();
  } catch (error) {
    await undo().catch(() => undefined);
    throw error;
  }
}
