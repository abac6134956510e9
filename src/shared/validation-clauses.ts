/**
 * The checks AWS's front door (Coral) makes against a service's model constraints before the service sees a
 * request: required members, lengths, ranges, enums, patterns. All violations are reported together in one
 * "N validation errors detected: ..." error: ValidationException for the JSON services (SSM), ValidationError
 * for the query ones (IAM, STS). A member the model marks sensitive (a parameter's Value) is named without its value.
 */
import { validationError } from './errors.js';

export class Clauses {
  private readonly clauses: string[] = [];

  constructor(private readonly code = 'ValidationException') {}

  required(at: string, value: unknown): this {
    if (value === undefined) this.clauses.push(`Value null at '${at}' failed to satisfy constraint: Member must not be null`);
    return this;
  }

  length(at: string, value: string | undefined, min: number, max: number): this {
    if (value === undefined) return this;
    if (value.length < min) this.push(at, value, `Member must have length greater than or equal to ${min}`);
    else if (value.length > max) this.push(at, value, `Member must have length less than or equal to ${max}`);
    return this;
  }

  /** A list's length, printed as Java prints a list: `[a, b]`. */
  count(at: string, values: readonly unknown[] | undefined, min: number, max: number): this {
    if (values === undefined) return this;
    const text = `[${values.join(', ')}]`;
    if (values.length < min) this.push(at, text, `Member must have length greater than or equal to ${min}`);
    else if (values.length > max) this.push(at, text, `Member must have length less than or equal to ${max}`);
    return this;
  }

  range(at: string, value: number | undefined, min: number, max: number): this {
    if (value === undefined) return this;
    if (!(value >= min)) this.push(at, String(value), `Member must have value greater than or equal to ${min}`);
    else if (value > max) this.push(at, String(value), `Member must have value less than or equal to ${max}`);
    return this;
  }

  enumValue(at: string, value: string | undefined, allowed: readonly string[], text: string): this {
    if (value !== undefined && !allowed.includes(value)) this.push(at, value, `Member must satisfy enum value set: ${text}`);
    return this;
  }

  pattern(at: string, value: string | undefined, regex: RegExp, text: string): this {
    if (value !== undefined && !regex.test(value)) this.push(at, value, `Member must satisfy regular expression pattern: ${text}`);
    return this;
  }

  throwIfAny(): void {
    if (this.clauses.length > 0) throw validationError(this.clauses, this.code);
  }

  private push(at: string, value: string, constraint: string): void {
    this.clauses.push(`Value '${value}' at '${at}' failed to satisfy constraint: ${constraint}`);
  }
}
