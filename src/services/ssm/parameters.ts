/** PutParameter, GetParameter(s), DeleteParameter(s): one parameter at a time, by name. */
import { ServiceError } from '../../shared/errors.js';
import type { OperationContext } from '../types.js';
import {
  invalidAllowedPattern,
  invalidName,
  parameterAlreadyExists,
  parameterNotFound,
  patternMismatch,
  reservedName,
  validation,
  versionNotFound,
} from './errors.js';
import { checkNameToWrite, isReservedName, isWellFormedName, readSelector, type Selector } from './names.js';
import { isPublicNamespace, publicParameter } from './public-parameters.js';
import { MAX_VERSIONS, current, parameterView, parameters, type ParameterType, type ParameterVersion, type StoredParameter, type Tier, isWholeTag } from './state.js';
import { Clauses } from '../../shared/validation-clauses.js';

const TYPES = ['String', 'StringList', 'SecureString'];
/** As AWS prints the set (seen in its answers). */
const TYPE_TEXT = '[SecureString, StringList, String]';
const TIERS = ['Standard', 'Advanced', 'Intelligent-Tiering'];
/** Model order: AWS's printed order is not known. */
const TIER_TEXT = '[Standard, Advanced, Intelligent-Tiering]';
const DATA_TYPES = new Set(['text', 'aws:ec2:image', 'aws:ssm:integration']);
const KEY_ID = /^([a-zA-Z0-9:/_-]+)$/;
const KEY_ID_TEXT = '^([a-zA-Z0-9:/_-]+)$';
/** "ami-" and 8 or 17 hex digits, the two forms of AMI id. */
const AMI_ID = /^ami-([0-9a-f]{8}|[0-9a-f]{17})$/;
const STANDARD_MAX = 4096;
const ADVANCED_MAX = 8192;

export interface PutParameterInput {
  Name?: string;
  Description?: string;
  Value?: string;
  Type?: string;
  KeyId?: string;
  Overwrite?: boolean;
  AllowedPattern?: string;
  Tags?: Array<{ Key?: string; Value?: string }>;
  Tier?: string;
  Policies?: string;
  DataType?: string;
}

export function putParameter(input: PutParameterInput, ctx: OperationContext) {
  const c = new Clauses()
    .required('name', input.Name)
    .length('name', input.Name, 1, 2048)
    .required('value', input.Value)
    .enumValue('type', input.Type, TYPES, TYPE_TEXT)
    .length('description', input.Description, 0, 1024)
    .length('allowedPattern', input.AllowedPattern, 0, 1024)
    .length('keyId', input.KeyId, 1, 256)
    .pattern('keyId', input.KeyId, KEY_ID, KEY_ID_TEXT)
    .enumValue('tier', input.Tier, TIERS, TIER_TEXT)
    .length('dataType', input.DataType, 0, 128);
  input.Tags?.forEach((tag, i) => {
    c.required(`tags.${i + 1}.member.key`, tag.Key).length(`tags.${i + 1}.member.key`, tag.Key, 1, 128);
    c.required(`tags.${i + 1}.member.value`, tag.Value).length(`tags.${i + 1}.member.value`, tag.Value, 0, 256);
  });
  c.throwIfAny();
  // "The service removes any spaces specified for the beginning or end of a parameter name."
  const name = input.Name!.trim();
  checkNameToWrite(name);
  const value = input.Value!;
  // Verified: SSM words this one without Coral's "1 validation error detected:" and names no value.
  if (value === '') throw validation("Value at 'value' failed to satisfy constraint: Member must have length greater than or equal to 1");
  if (input.Overwrite === true && input.Tags !== undefined) {
    // The first sentence is verified; the rest is inferred (moto's text).
    throw validation(
      "Invalid request: tags and overwrite can't be used together. To create a parameter with tags, please remove overwrite flag. To update tags for an existing parameter, please use AddTagsToResource or RemoveTagsFromResource.",
    );
  }

  const table = parameters(ctx);
  const existing = table.get(ctx.scope, '', name);
  const previous = existing ? current(existing) : undefined;
  const type = (input.Type ?? previous?.Type) as ParameterType | undefined;
  // Inferred text (moto's, and every emulator's).
  if (type === undefined) throw validation('A parameter type is required when you create a parameter.');
  const dataType = input.DataType === undefined || input.DataType === '' ? (previous?.DataType ?? 'text') : input.DataType;
  // Inferred text (moto's).
  if (!DATA_TYPES.has(dataType)) throw validation(`The following data type is not supported: ${dataType} (Data type names are all lowercase.)`);
  // Inferred texts: AWS documents the rules (aws:ec2:image is for String parameters, KMS keys for SecureString).
  if (dataType === 'aws:ec2:image' && type !== 'String') throw validation(`The aws:ec2:image data type is not supported for the following input type: ${type}`);
  if (input.KeyId !== undefined && type !== 'SecureString') throw validation('KeyId is required for SecureString type parameter only.');
  const tier = tierFor(input.Tier, previous?.Tier, value);
  const allowedPattern = input.AllowedPattern ?? previous?.AllowedPattern;
  if (allowedPattern !== undefined && allowedPattern !== '') checkAllowedPattern(allowedPattern, value);
  if (existing && input.Overwrite !== true) throw parameterAlreadyExists();

  const version = (previous?.Version ?? 0) + 1;
  // aws:ec2:image is validated after PutParameter answers: a value that is not an AMI id gets its version
  // number back with 200, and the asynchronous validation then fails, so nothing is created or changed
  // (AWS reports that only through EventBridge). Gatehouse's validation is immediate, with the same outcome.
  if (dataType === 'aws:ec2:image' && !AMI_ID.test(value)) return { Version: version, Tier: tier };

  const written: ParameterVersion = {
    Version: version,
    Value: value,
    Type: type,
    DataType: dataType,
    Tier: tier,
    LastModifiedDate: ctx.clock.now().getTime() / 1000,
    LastModifiedUser: `arn:aws:iam::${ctx.scope.account}:root`,
  };
  // An overwrite keeps what it does not restate (the description, the key, the pattern), as AWS does.
  const description = input.Description ?? previous?.Description;
  if (description !== undefined) written.Description = description;
  if (type === 'SecureString') written.KeyId = input.KeyId ?? previous?.KeyId ?? 'alias/aws/ssm';
  if (allowedPattern !== undefined) written.AllowedPattern = allowedPattern;
  if (existing) {
    // AWS keeps the latest 100 versions, dropping the oldest (labelled versions, which it refuses to drop,
    // do not exist here: Gatehouse has no LabelParameterVersion).
    const versions = [...existing.versions, written].slice(-MAX_VERSIONS);
    table.update(ctx.scope, '', name, { ...existing, versions });
  } else {
    table.insert(ctx.scope, '', name, { Name: name, Tags: input.Tags?.filter(isWholeTag) ?? [], versions: [written] } satisfies StoredParameter);
  }
  return { Version: version, Tier: tier };
}

/**
 * The tier a write lands in. Omitted, it stays where the parameter is (a new one is Standard); Intelligent-
 * Tiering picks Advanced only when the value needs it. Standard holds 4 KB, Advanced 8 KB.
 */
function tierFor(requested: string | undefined, previous: Tier | undefined, value: string): Tier {
  let tier: Tier;
  if (requested === 'Intelligent-Tiering') tier = value.length > STANDARD_MAX || previous === 'Advanced' ? 'Advanced' : 'Standard';
  else tier = (requested as Tier | undefined) ?? previous ?? 'Standard';
  if (tier === 'Standard' && previous === 'Advanced') {
    // Inferred text.
    throw validation("This parameter uses the advanced-parameter tier. You can't downgrade a parameter from the advanced-parameter tier to the standard-parameter tier.");
  }
  if (tier === 'Standard' && value.length > STANDARD_MAX) {
    // Verified (users' logs quote it whole).
    throw validation(
      `Standard tier parameters support a maximum parameter value of ${STANDARD_MAX} characters. To create a larger parameter value, upgrade the parameter to use the advanced-parameter tier. For more information, see https://docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-advanced-parameters.html`,
    );
  }
  // Inferred text: the limit is documented, AWS's words for it are not known.
  if (value.length > ADVANCED_MAX) throw validation(`Advanced tier parameters support a maximum parameter value of ${ADVANCED_MAX} characters.`);
  return tier;
}

/** AllowedPattern must match the whole value (AWS's guide: `\d{1,4}` refuses 10000), as Java's matches() does. */
function checkAllowedPattern(pattern: string, value: string): void {
  let regex: RegExp;
  try {
    regex = new RegExp(`^(?:${pattern})$`);
  } catch {
    throw invalidAllowedPattern();
  }
  if (!regex.test(value)) throw patternMismatch(pattern);
}

// ---- reading ----

interface Found {
  parameter: StoredParameter;
  version: ParameterVersion;
  selector?: string;
}

/** What a name or ARN given to GetParameter(s) points at; throws ParameterNotFound or ParameterVersionNotFound. */
function find(ctx: OperationContext, text: string): Found {
  const selector = readSelector(text);
  if (!selector) throw parameterNotFound();
  const parameter = lookup(ctx, selector);
  if (!parameter) throw parameterNotFound();
  if (selector.selector === undefined) return { parameter, version: current(parameter) };
  if (/^\d+$/.test(selector.selector)) {
    const version = parameter.versions.find((v) => v.Version === Number(selector.selector));
    if (!version) throw versionNotFound(selector.selector, parameter.Name);
    return { parameter, version, selector: selector.selector };
  }
  // A label: none exists in Gatehouse (no LabelParameterVersion), so none is found. AWS's answer is inferred.
  const labelled = [...parameter.versions].reverse().find((v) => v.Labels?.includes(selector.selector!));
  if (!labelled) throw parameterNotFound();
  return { parameter, version: labelled, selector: selector.selector };
}

function lookup(ctx: OperationContext, selector: Selector): StoredParameter | undefined {
  const names = selector.alternatives ?? [selector.name];
  // An ARN names one account and region; only the caller's own are readable here, and AWS's own (no account).
  if (selector.scope && (selector.scope.region !== ctx.scope.region || (selector.scope.account !== ctx.scope.account && selector.scope.account !== ''))) return undefined;
  for (const name of names) {
    if (selector.scope?.account === '' && !isPublicNamespace(name)) continue;
    const found = isPublicNamespace(name) ? publicParameter(ctx.scope, name) : parameters(ctx).get(ctx.scope, '', name);
    if (found) return found;
  }
  return undefined;
}

export function getParameter(input: { Name?: string; WithDecryption?: boolean }, ctx: OperationContext) {
  new Clauses().required('name', input.Name).length('name', input.Name, 1, 2048).throwIfAny();
  const found = find(ctx, input.Name!);
  return { Parameter: parameterView(ctx.scope, found.parameter, found.version, input.WithDecryption === true, found.selector) };
}

/** Names that name nothing (missing, a version that is gone, or not a name at all) are listed, not errors. */
export function getParameters(input: { Names?: string[]; WithDecryption?: boolean }, ctx: OperationContext) {
  checkNames(input.Names);
  const found: ReturnType<typeof parameterView>[] = [];
  const invalid: string[] = [];
  for (const text of new Set(input.Names)) {
    try {
      const f = find(ctx, text);
      found.push(parameterView(ctx.scope, f.parameter, f.version, input.WithDecryption === true, f.selector));
    } catch (error) {
      if (!(error instanceof ServiceError)) throw error;
      invalid.push(text);
    }
  }
  return { Parameters: found, InvalidParameters: invalid };
}

export function deleteParameter(input: { Name?: string }, ctx: OperationContext) {
  new Clauses().required('name', input.Name).length('name', input.Name, 1, 2048).throwIfAny();
  const name = input.Name!;
  // Verified: deleting a name under "aws" is refused as writing one is.
  if (isReservedName(name)) throw reservedName(name);
  if (!isWellFormedName(name)) throw invalidName();
  if (!parameters(ctx).delete(ctx.scope, '', name)) throw parameterNotFound();
  return {};
}

/** Each name is deleted or listed as invalid (missing, reserved, malformed: which list AWS uses for the last two is inferred). */
export function deleteParameters(input: { Names?: string[] }, ctx: OperationContext) {
  checkNames(input.Names);
  const table = parameters(ctx);
  const deleted: string[] = [];
  const invalid: string[] = [];
  for (const name of new Set(input.Names)) {
    if (!isReservedName(name) && isWellFormedName(name) && table.delete(ctx.scope, '', name)) deleted.push(name);
    else invalid.push(name);
  }
  return { DeletedParameters: deleted, InvalidParameters: invalid };
}

function checkNames(names: string[] | undefined): void {
  const c = new Clauses().required('names', names).count('names', names, 1, 10);
  names?.forEach((n, i) => c.length(`names.${i + 1}.member`, n, 1, 2048));
  c.throwIfAny();
}
