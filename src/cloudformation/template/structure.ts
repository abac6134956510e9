/**
 * A parsed document to a `Template`: the top-level sections, Resources and Outputs checked for shape with
 * CloudFormation's texts. References between sections are checked later (`validate.ts`), because they
 * need every section read first.
 */
import { templateError } from './errors.js';
import * as msg from './messages.js';
import { DELETION_POLICIES, type DeletionPolicy, type OutputDeclaration, type ResourceDeclaration, type Template } from './model.js';
import { readConditions, readMappings, readParameters, readRules } from './structure-parameters.js';
import { ALPHANUMERIC, isObject, scalarText, type Json, type JsonObject } from './values.js';

const SECTIONS = new Set([
  'AWSTemplateFormatVersion', 'Description', 'Metadata', 'Parameters', 'Rules', 'Mappings', 'Conditions', 'Transform',
  'Resources', 'Outputs', 'Hooks',
]);

const RESOURCE_ATTRIBUTES = new Set([
  'Type', 'Properties', 'DependsOn', 'Metadata', 'Condition', 'DeletionPolicy', 'UpdateReplacePolicy', 'CreationPolicy',
  'UpdatePolicy', 'Version', 'Description',
]);

/** The only template format version there has ever been. */
export const TEMPLATE_FORMAT_VERSION = '2010-09-09';

export function readTemplate(document: JsonObject): Template {
  const unknown = Object.keys(document).filter((key) => !SECTIONS.has(key));
  if (unknown.length > 0) throw templateError(msg.invalidTemplateProperties(unknown));
  const formatVersion = scalarText(document.AWSTemplateFormatVersion);
  if (document.AWSTemplateFormatVersion !== undefined && formatVersion !== TEMPLATE_FORMAT_VERSION) {
    throw templateError(msg.unsupportedTemplateVersion());
  }
  const description = scalarText(document.Description);
  return {
    document,
    ...(formatVersion !== undefined && { formatVersion }),
    ...(description !== undefined && { description }),
    ...(document.Metadata !== undefined && { metadata: document.Metadata }),
    transforms: readTransforms(document.Transform),
    parameters: readParameters(document.Parameters),
    mappings: readMappings(document.Mappings),
    conditions: readConditions(document.Conditions),
    rules: readRules(document.Rules),
    resources: readResources(document.Resources),
    outputs: readOutputs(document.Outputs),
  };
}

/** `Transform: AWS::Serverless-2016-10-31`, a list of names, or `{Name: AWS::Include, Parameters: ...}` items. */
function readTransforms(section: Json | undefined): string[] {
  if (section === undefined || section === null) return [];
  const items = Array.isArray(section) ? section : [section];
  return items.map((item) => scalarText(item) ?? (isObject(item) ? scalarText(item.Name) : undefined) ?? '');
}

function readResources(section: Json | undefined): Map<string, ResourceDeclaration> {
  if (!isObject(section) || Object.keys(section).length === 0) throw templateError(msg.noResources());
  const resources = new Map<string, ResourceDeclaration>();
  for (const [logicalId, body] of Object.entries(section)) {
    if (!ALPHANUMERIC.test(logicalId)) throw templateError(msg.nonAlphanumericName('Resource', logicalId));
    resources.set(logicalId, readResource(logicalId, body));
  }
  return resources;
}

function readResource(logicalId: string, body: Json): ResourceDeclaration {
  if (!isObject(body)) throw templateError(msg.memberNotObject('Resources'));
  for (const key of Object.keys(body)) {
    if (!RESOURCE_ATTRIBUTES.has(key)) throw templateError(msg.invalidResourceProperty(key));
  }
  if (typeof body.Type !== 'string' || body.Type === '') throw templateError(msg.resourceWithoutType());
  if (body.Properties !== undefined && body.Properties !== null && !isObject(body.Properties)) {
    throw templateError(msg.memberNotObject('Properties'));
  }
  const condition = readCondition(body.Condition);
  return {
    logicalId,
    type: body.Type,
    properties: isObject(body.Properties) ? body.Properties : {},
    dependsOn: readDependsOn(body.DependsOn),
    ...(condition !== undefined && { condition }),
    deletionPolicy: readPolicy(body.DeletionPolicy, logicalId, msg.unrecognizedDeletionPolicy),
    updateReplacePolicy: readPolicy(body.UpdateReplacePolicy, logicalId, msg.unrecognizedUpdateReplacePolicy),
    ...(body.Metadata !== undefined && { metadata: body.Metadata }),
    ...(body.CreationPolicy !== undefined && { creationPolicy: body.CreationPolicy }),
    ...(body.UpdatePolicy !== undefined && { updatePolicy: body.UpdatePolicy }),
  };
}

function readDependsOn(value: Json | undefined): string[] {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((v): v is string => typeof v === 'string')) return value;
  throw templateError(msg.dependsOnNotStrings());
}

function readCondition(value: Json | undefined): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw templateError(msg.conditionNotString());
  return value;
}

function readPolicy(value: Json | undefined, logicalId: string, message: (policy: string, id: string) => string): DeletionPolicy {
  if (value === undefined || value === null) return 'Delete';
  const text = scalarText(value) ?? JSON.stringify(value);
  if (!(DELETION_POLICIES as readonly string[]).includes(text)) throw templateError(message(text, logicalId));
  return text as DeletionPolicy;
}

function readOutputs(section: Json | undefined): Map<string, OutputDeclaration> {
  const outputs = new Map<string, OutputDeclaration>();
  if (section === undefined || section === null) return outputs;
  if (!isObject(section)) throw templateError(msg.memberNotObject('Outputs'));
  for (const [name, body] of Object.entries(section)) {
    if (!ALPHANUMERIC.test(name)) throw templateError(msg.nonAlphanumericName('Output', name));
    if (!isObject(body) || body.Value === undefined || body.Value === null) throw templateError(msg.outputWithoutValue());
    let exportName: Json | undefined;
    if (body.Export !== undefined) {
      if (!isObject(body.Export) || body.Export.Name === undefined || body.Export.Name === null) {
        throw templateError(msg.exportWithoutName(name));
      }
      exportName = body.Export.Name;
    }
    const condition = readCondition(body.Condition);
    outputs.set(name, {
      name,
      value: body.Value,
      ...(body.Description !== undefined && { description: body.Description }),
      ...(exportName !== undefined && { exportName }),
      ...(condition !== undefined && { condition }),
    });
  }
  return outputs;
}
