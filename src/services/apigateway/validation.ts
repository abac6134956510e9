/**
 * Request validation that AWS's front door (Coral) does before the service looks anything up: enum members,
 * patterns, patch operation names. Violations are collected and reported together in one
 * ValidationException, numbered the way AWS numbers them.
 */
import { validationError } from '../../shared/errors.js';

/**
 * Enum value sets as AWS prints them in its messages. The order is AWS's (recorded), not the model's; enums
 * AWS has not been recorded rejecting are listed in model order.
 */
export const ENUM_TEXT = {
  endpointType: '[PRIVATE, EDGE, REGIONAL]',
  ipAddressType: '[ipv4, dualstack]',
  patchOp: '[add, remove, move, test, replace, copy]',
  integrationType: '[HTTP, MOCK, AWS_PROXY, HTTP_PROXY, AWS]',
  apiKeySource: '[HEADER, AUTHORIZER]',
  connectionType: '[INTERNET, VPC_LINK]',
  contentHandling: '[CONVERT_TO_BINARY, CONVERT_TO_TEXT]',
} as const;

const PATCH_OPS = new Set(['add', 'remove', 'replace', 'move', 'copy', 'test']);

export class Violations {
  private readonly clauses: string[] = [];

  enumValue(at: string, value: unknown, allowed: readonly string[], text: string): void {
    if (value !== undefined && !allowed.includes(value as string)) {
      this.clauses.push(`Value '${String(value)}' at '${at}' failed to satisfy constraint: Member must satisfy enum value set: ${text}`);
    }
  }

  /** A list whose members must each be in the enum: AWS prints the whole list, Java style. */
  enumList(at: string, values: readonly unknown[] | undefined, allowed: readonly string[], text: string): void {
    if (values !== undefined && values.some((v) => !allowed.includes(v as string))) {
      this.clauses.push(`Value '[${values.join(', ')}]' at '${at}' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: ${text}]`);
    }
  }

  required(at: string, value: unknown): void {
    if (value === undefined) this.clauses.push(`Value null at '${at}' failed to satisfy constraint: Member must not be null`);
  }

  pattern(at: string, value: unknown, regex: RegExp, text: string): void {
    if (value !== undefined && !regex.test(String(value))) {
      this.clauses.push(`Value '${String(value)}' at '${at}' failed to satisfy constraint: Member must satisfy regular expression pattern: ${text}`);
    }
  }

  patchOperations(inputName: string, ops: readonly PatchOperation[] | undefined): void {
    ops?.forEach((op, i) => {
      if (op.op !== undefined && !PATCH_OPS.has(op.op)) {
        this.clauses.push(`Value '${op.op}' at '${inputName}.patchOperations.${i + 1}.member.op' failed to satisfy constraint: Member must satisfy enum value set: ${ENUM_TEXT.patchOp}`);
      }
    });
  }

  throwIfAny(): void {
    if (this.clauses.length > 0) throw validationError(this.clauses);
  }
}

export interface PatchOperation {
  op?: string;
  path?: string;
  value?: string;
  from?: string;
}

/** Status codes of method and integration responses: three digits, 1xx to 5xx. */
export const STATUS_CODE = /^[1-5]\d\d$/;
export const STATUS_CODE_TEXT = '[1-5]\\d\\d';
