/**
 * The functions only the Rules section uses (the "Rule functions" reference): Fn::Contains,
 * Fn::EachMemberEquals, Fn::EachMemberIn, and Fn::RefAll / Fn::ValueOf / Fn::ValueOfAll, which read the
 * parameters of an AWS-specific type and attributes of the values they name (through the environment).
 */
import type { EvaluationContext, IntrinsicFunction } from './evaluate.js';
import { templateError } from './errors.js';
import * as msg from './messages.js';
import type { ParameterDeclaration } from './model.js';
import { scalarText } from './values.js';

function stringList(value: unknown, fn: string): string[] {
  if (!Array.isArray(value)) throw templateError(msg.notAList(fn));
  return value.map((item) => text(item, fn));
}

function text(value: unknown, fn: string): string {
  const result = scalarText(value);
  if (result === undefined) throw templateError(msg.notAString(fn));
  return result;
}

function pair(argument: unknown, fn: string): [unknown, unknown] {
  if (!Array.isArray(argument) || argument.length !== 2) throw templateError(msg.notAList(fn));
  return [argument[0], argument[1]];
}

export const fnContains: IntrinsicFunction = (argument, ctx, evaluate) => {
  const [list, value] = pair(argument, 'Fn::Contains');
  return stringList(evaluate(list, ctx), 'Fn::Contains').includes(text(evaluate(value, ctx), 'Fn::Contains'));
};

export const fnEachMemberEquals: IntrinsicFunction = (argument, ctx, evaluate) => {
  const [list, value] = pair(argument, 'Fn::EachMemberEquals');
  const expected = text(evaluate(value, ctx), 'Fn::EachMemberEquals');
  return stringList(evaluate(list, ctx), 'Fn::EachMemberEquals').every((member) => member === expected);
};

export const fnEachMemberIn: IntrinsicFunction = (argument, ctx, evaluate) => {
  const [check, allowed] = pair(argument, 'Fn::EachMemberIn');
  const allowedValues = new Set(stringList(evaluate(allowed, ctx), 'Fn::EachMemberIn'));
  return stringList(evaluate(check, ctx), 'Fn::EachMemberIn').every((member) => allowedValues.has(member));
};

/** The values of one parameter, a list parameter's members one by one. */
function valuesOf(parameter: ParameterDeclaration, ctx: EvaluationContext): string[] {
  const value = ctx.parameters.get(parameter.name);
  if (value === undefined) return [];
  return typeof value === 'string' ? [value] : [...value];
}

function parametersOfType(type: string, ctx: EvaluationContext): ParameterDeclaration[] {
  return [...ctx.template.parameters.values()].filter((p) => p.type.name === type);
}

export const fnRefAll: IntrinsicFunction = (argument, ctx, evaluate) => {
  const type = text(evaluate(argument, ctx), 'Fn::RefAll');
  return parametersOfType(type, ctx).flatMap((p) => valuesOf(p, ctx));
};

/** An attribute of each value of a parameter; '' where the environment knows none. */
function attributes(parameter: ParameterDeclaration, attribute: string, ctx: EvaluationContext): string[] {
  const awsType = parameter.type.awsType ?? parameter.type.ssmValue?.awsType ?? parameter.type.name;
  return valuesOf(parameter, ctx).map((value) => ctx.environment.parameterAttribute?.(awsType, value, attribute) ?? '');
}

export const fnValueOf: IntrinsicFunction = (argument, ctx, evaluate) => {
  const [name, attribute] = pair(argument, 'Fn::ValueOf').map((a) => text(evaluate(a, ctx), 'Fn::ValueOf')) as [string, string];
  const parameter = ctx.template.parameters.get(name);
  if (!parameter) throw templateError(msg.unresolvedResourceDependencies([name], ctx.block));
  const values = attributes(parameter, attribute, ctx);
  return parameter.type.list ? values : (values[0] ?? '');
};

export const fnValueOfAll: IntrinsicFunction = (argument, ctx, evaluate) => {
  const [type, attribute] = pair(argument, 'Fn::ValueOfAll').map((a) => text(evaluate(a, ctx), 'Fn::ValueOfAll')) as [string, string];
  return parametersOfType(type, ctx).flatMap((p) => attributes(p, attribute, ctx));
};
