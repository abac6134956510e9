/**
 * Template text to a JSON document. A body whose first character is `{` is JSON (CloudFormation reports
 * "JSON not well-formed" for those); anything else is YAML with CloudFormation's short-form tags.
 *
 * YAML is read as YAML 1.1, as CloudFormation's parser does (`Default: Yes` is the boolean true, which
 * CloudFormation then reads as the string "true"), with two exceptions where CloudFormation keeps the text:
 * dates (`AWSTemplateFormatVersion: 2010-09-09`) and base-60 numbers (`12:30`). Its booleans are
 * yes/no/true/false/on/off, not the single letters y/n that the `yaml` library's 1.1 schema also accepts.
 */
import { parseDocument, type ScalarTag, type Tags } from 'yaml';
import { templateError } from './errors.js';
import { jsonNotWellFormed, unsupportedStructure, yamlNotWellFormed } from './messages.js';
import { isObject, type JsonObject } from './values.js';
import { CLOUDFORMATION_TAGS } from './yaml-tags.js';

const BOOL = 'tag:yaml.org,2002:bool';
const TIMESTAMP = 'tag:yaml.org,2002:timestamp';

const YAML_BOOLEANS: ScalarTag[] = [
  { tag: BOOL, default: true, identify: (v) => v === true, test: /^(?:[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/, resolve: () => true },
  { tag: BOOL, default: true, identify: (v) => v === false, test: /^(?:[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/, resolve: () => false },
];

function cloudFormationSchema(tags: Tags): Tags {
  const kept = tags.filter((t) => typeof t === 'string' || (t.tag !== BOOL && t.tag !== TIMESTAMP && t.format !== 'TIME'));
  return [...YAML_BOOLEANS, ...kept, ...CLOUDFORMATION_TAGS];
}

/** Parses a template body; throws ValidationError with CloudFormation's "not well-formed" text. */
export function parseTemplateBody(body: string): JsonObject {
  const document = body.trimStart().startsWith('{') ? parseJson(body) : parseYaml(body);
  if (!isObject(document)) throw templateError(unsupportedStructure());
  return document as JsonObject;
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch (error) {
    const position = /position (\d+)/.exec(error instanceof Error ? error.message : '');
    const { line, column } = lineAndColumn(body, position ? Number(position[1]) : body.length);
    throw templateError(jsonNotWellFormed(line, column));
  }
}

function parseYaml(body: string): unknown {
  const document = parseDocument(body, { version: '1.1', customTags: cloudFormationSchema, prettyErrors: true, uniqueKeys: true });
  const error = document.errors[0];
  if (error) {
    const position = error.linePos?.[0];
    throw templateError(yamlNotWellFormed(position?.line ?? 1, position?.col ?? 1));
  }
  return document.toJS({ maxAliasCount: 1000 });
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: (before[before.length - 1]?.length ?? 0) + 1 };
}
