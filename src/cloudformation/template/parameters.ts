/**
 * The parameter values of one stack operation: what the caller supplied (or asked to keep from the
 * previous template), else the template's Default, checked against their constraints, resolved from
 * Parameter Store for `AWS::SSM::Parameter::Value<...>` types, split into lists for list types.
 */
import type { StackEnvironment } from './environment.js';
import { templateError } from './errors.js';
import * as msg from './messages.js';
import type { ParameterDeclaration, Template } from './model.js';
import { checkConstraints } from './parameter-constraints.js';
import type { ParameterType } from './parameter-types.js';

/** A Parameters member of CreateStack / UpdateStack / CreateChangeSet, in the API's shape. */
export interface SuppliedParameter {
  readonly ParameterKey: string;
  readonly ParameterValue?: string;
  readonly UsePreviousValue?: boolean;
}

export interface ResolvedParameter {
  readonly name: string;
  /** The value as supplied or defaulted; for an SSM type, the name of the SSM parameter. */
  readonly value: string;
  /** What `Ref` gives: the value, the SSM parameter's value, split into a list for list types. */
  readonly resolved: string | readonly string[];
  /** For SSM types, the value read from Parameter Store (DescribeStacks' ResolvedValue). */
  readonly resolvedValue?: string;
  readonly noEcho: boolean;
}

/** What DescribeStacks shows for a NoEcho parameter. */
export const NO_ECHO_MASK = '****';

export function resolveParameters(
  template: Template,
  supplied: readonly SuppliedParameter[],
  env: StackEnvironment,
  previousValues: ReadonlyMap<string, string> = new Map(),
): Map<string, ResolvedParameter> {
  if (template.parameters.size === 0 && supplied.length > 0) throw templateError(msg.parametersNotRequired());
  const given = suppliedValues(supplied, previousValues);
  const missing = [...template.parameters.values()].filter((p) => !given.has(p.name) && p.default === undefined);
  if (missing.length > 0) throw templateError(msg.parametersMustHaveValues(missing.map((p) => p.name)));
  const unknown = [...given.keys()].filter((name) => !template.parameters.has(name));
  if (unknown.length > 0) throw templateError(msg.parametersDoNotExist(unknown));

  const values = new Map<string, string>();
  for (const parameter of template.parameters.values()) {
    const value = given.get(parameter.name) ?? (parameter.default as string);
    checkConstraints(parameter, value);
    values.set(parameter.name, value);
  }
  const fromSsm = readSsmParameters(template, values, env);
  const resolved = new Map<string, ResolvedParameter>();
  for (const parameter of template.parameters.values()) {
    const value = values.get(parameter.name) as string;
    const resolvedValue = fromSsm.get(parameter.name);
    const valueType = parameter.type.ssmValue ?? parameter.type;
    checkExists(parameter, valueType, resolvedValue ?? value, env);
    resolved.set(parameter.name, {
      name: parameter.name,
      value,
      resolved: asRefValue(valueType, resolvedValue ?? value),
      ...(resolvedValue !== undefined && { resolvedValue }),
      noEcho: parameter.noEcho,
    });
  }
  return resolved;
}

function suppliedValues(supplied: readonly SuppliedParameter[], previous: ReadonlyMap<string, string>): Map<string, string> {
  const given = new Map<string, string>();
  for (const p of supplied) {
    if (p.UsePreviousValue) {
      if (p.ParameterValue !== undefined && p.ParameterValue !== '') throw templateError(msg.valueAndPreviousValue(p.ParameterKey));
      const value = previous.get(p.ParameterKey);
      if (value === undefined) throw templateError(msg.noPreviousValue(p.ParameterKey));
      given.set(p.ParameterKey, value);
    } else if (p.ParameterValue !== undefined) {
      given.set(p.ParameterKey, p.ParameterValue);
    }
  }
  return given;
}

/** Values of `AWS::SSM::Parameter::Value<...>` parameters, read all at once so one error names every miss. */
function readSsmParameters(template: Template, values: ReadonlyMap<string, string>, env: StackEnvironment): Map<string, string> {
  const resolved = new Map<string, string>();
  const notFound: string[] = [];
  const secure: string[] = [];
  for (const parameter of template.parameters.values()) {
    if (!parameter.type.ssmValue) continue;
    const name = values.get(parameter.name) as string;
    const found = env.ssmParameter(name);
    if (!found) notFound.push(name);
    else if (found.type === 'SecureString') secure.push(name);
    else resolved.set(parameter.name, found.value);
  }
  if (notFound.length > 0) throw templateError(msg.ssmParametersNotFound(notFound));
  if (secure.length > 0) throw templateError(msg.ssmParameterTypesUnsupported(secure));
  return resolved;
}

function asRefValue(type: ParameterType, value: string): string | readonly string[] {
  if (!type.list) return value;
  return value === '' ? [] : value.split(',').map((member) => member.trim());
}

/** AWS-specific types name things that must exist in the account; empty values are not checked. */
function checkExists(parameter: ParameterDeclaration, type: ParameterType, value: string, env: StackEnvironment): void {
  if (!type.awsType || !env.parameterValueExists) return;
  const members = type.list ? value.split(',').map((m) => m.trim()) : [value];
  for (const member of members) {
    if (member !== '' && !env.parameterValueExists(type.awsType, member)) {
      throw templateError(msg.parameterValueDoesNotExist(member, parameter.name));
    }
  }
}

/** The Parameters of DescribeStacks: NoEcho values masked, SSM types with their ResolvedValue. */
export function describeParameters(
  parameters: ReadonlyMap<string, ResolvedParameter>,
): Array<{ ParameterKey: string; ParameterValue: string; ResolvedValue?: string }> {
  return [...parameters.values()].map((p) => ({
    ParameterKey: p.name,
    ParameterValue: p.noEcho ? NO_ECHO_MASK : p.value,
    ...(p.resolvedValue !== undefined && { ResolvedValue: p.noEcho ? NO_ECHO_MASK : p.resolvedValue }),
  }));
}
