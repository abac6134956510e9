/**
 * Shape checks for the Parameters, Mappings, Conditions and Rules sections: what CloudFormation rejects
 * before it looks at any value.
 */
import { templateError } from './errors.js';
import * as msg from './messages.js';
import type { Mappings, ParameterDeclaration, RuleAssertion, RuleDeclaration } from './model.js';
import { parseParameterType } from './parameter-types.js';
import { ALPHANUMERIC, isObject, scalarText, type Json } from './values.js';

const PARAMETER_PROPERTIES = new Set([
  'Type', 'Default', 'Description', 'NoEcho', 'AllowedValues', 'AllowedPattern', 'MinLength', 'MaxLength',
  'MinValue', 'MaxValue', 'ConstraintDescription',
]);

export function readParameters(section: Json | undefined): Map<string, ParameterDeclaration> {
  const parameters = new Map<string, ParameterDeclaration>();
  if (section === undefined || section === null) return parameters;
  if (!isObject(section)) throw templateError(msg.memberNotObject('Parameters'));
  for (const [name, body] of Object.entries(section)) {
    if (!ALPHANUMERIC.test(name)) throw templateError(msg.nonAlphanumericName('Parameter', name));
    parameters.set(name, readParameter(name, body));
  }
  return parameters;
}

function readParameter(name: string, body: Json): ParameterDeclaration {
  if (!isObject(body)) throw templateError(msg.memberNotObject('Parameters'));
  for (const key of Object.keys(body)) {
    if (!PARAMETER_PROPERTIES.has(key)) throw templateError(msg.invalidParameterProperty(key));
  }
  if (typeof body.Type !== 'string') throw templateError(msg.parameterWithoutType());
  const type = parseParameterType(body.Type);
  if (!type) throw templateError(msg.unrecognizedParameterType(body.Type));
  let defaultValue: string | undefined;
  if (body.Default !== undefined && body.Default !== null) {
    defaultValue = scalarText(body.Default);
    if (defaultValue === undefined) throw templateError(msg.defaultNotString());
  }
  let allowedValues: string[] | undefined;
  if (body.AllowedValues !== undefined) {
    if (!Array.isArray(body.AllowedValues)) throw templateError(msg.allowedValuesNotList());
    allowedValues = body.AllowedValues.map((v) => scalarText(v) ?? '');
  }
  return {
    name,
    type,
    ...(defaultValue !== undefined && { default: defaultValue }),
    ...optionalText('description', body.Description),
    noEcho: body.NoEcho === true || (typeof body.NoEcho === 'string' && body.NoEcho.toLowerCase() === 'true'),
    ...(allowedValues && { allowedValues }),
    ...optionalText('allowedPattern', body.AllowedPattern),
    ...optionalNumber('minLength', body.MinLength),
    ...optionalNumber('maxLength', body.MaxLength),
    ...optionalNumber('minValue', body.MinValue),
    ...optionalNumber('maxValue', body.MaxValue),
    ...optionalText('constraintDescription', body.ConstraintDescription),
  };
}

function optionalText<K extends string>(key: K, value: Json | undefined): Partial<Record<K, string>> {
  const text = scalarText(value);
  return text === undefined ? {} : ({ [key]: text } as Record<K, string>);
}

/** MinLength and friends: templates write them as numbers or as numeric strings. */
function optionalNumber<K extends string>(key: K, value: Json | undefined): Partial<Record<K, number>> {
  const text = scalarText(value);
  if (text === undefined || text.trim() === '' || !Number.isFinite(Number(text))) return {};
  return { [key]: Number(text) } as Record<K, number>;
}

export function readMappings(section: Json | undefined): Mappings {
  const mappings = new Map<string, Record<string, Record<string, Json>>>();
  if (section === undefined || section === null) return mappings;
  if (!isObject(section)) throw templateError(msg.memberNotObject('Mappings'));
  for (const [name, map] of Object.entries(section)) {
    if (!isObject(map)) throw templateError(msg.mappingNotMap(name));
    const keys: Record<string, Record<string, Json>> = {};
    for (const [key, attributes] of Object.entries(map)) {
      if (!isObject(attributes)) throw templateError(msg.mappingNotMap(key));
      for (const [attribute, value] of Object.entries(attributes)) {
        if (!ALPHANUMERIC.test(attribute)) throw templateError(msg.mappingAttributeName(attribute));
        if (!isMappingValue(value)) throw templateError(msg.mappingValueType());
      }
      keys[key] = attributes;
    }
    mappings.set(name, keys);
  }
  return mappings;
}

function isMappingValue(value: Json): boolean {
  return scalarText(value) !== undefined || (Array.isArray(value) && value.every((v) => scalarText(v) !== undefined));
}

export function readConditions(section: Json | undefined): Map<string, Json> {
  if (section === undefined || section === null) return new Map();
  if (!isObject(section)) throw templateError(msg.memberNotObject('Conditions'));
  return new Map(Object.entries(section));
}

export function readRules(section: Json | undefined): Map<string, RuleDeclaration> {
  const rules = new Map<string, RuleDeclaration>();
  if (section === undefined || section === null) return rules;
  if (!isObject(section)) throw templateError(msg.memberNotObject('Rules'));
  for (const [name, body] of Object.entries(section)) {
    if (!isObject(body)) throw templateError(msg.memberNotObject('Rules'));
    if (!Array.isArray(body.Assertions)) throw templateError(msg.ruleWithoutAssertions());
    const assertions: RuleAssertion[] = body.Assertions.map((a) => {
      if (!isObject(a) || a.Assert === undefined) throw templateError(msg.ruleWithoutAssertions());
      const description = scalarText(a.AssertDescription);
      return { assert: a.Assert, ...(description !== undefined && { description }) };
    });
    rules.set(name, { name, ...(body.RuleCondition !== undefined && { condition: body.RuleCondition }), assertions });
  }
  return rules;
}
