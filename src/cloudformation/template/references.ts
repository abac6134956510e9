/**
 * What a template value refers to, without evaluating it: the names its `Ref`s and `Fn::Sub` variables
 * read, the resources its `Fn::GetAtt`s read, the conditions it consults, and the functions it calls.
 * Statically (ValidateTemplate) both branches of every Fn::If count; for a stack, where the conditions
 * are known, only the branch Fn::If takes does, as only that branch is ever evaluated.
 */
import { getAttTarget } from './fn-references.js';
import { parseSub, subArguments } from './fn-sub.js';
import { FUNCTIONS, TRANSFORM_FUNCTION } from './functions.js';
import { functionCall, isObject } from './values.js';

export interface References {
  /** Names a `Ref` or an undotted Sub variable reads: parameters, pseudo parameters or resources. */
  readonly refs: Set<string>;
  /** `Fn::GetAtt` targets and dotted Sub variables (`${Resource.Attribute}`), with where they came from. */
  readonly getAtts: Array<{ resource: string; attribute?: string; fromSub: boolean }>;
  /** Conditions named by `Fn::If` and the `Condition` function. */
  readonly conditions: Set<string>;
  /** Functions called, known or not. */
  readonly functions: Set<string>;
}

export function emptyReferences(): References {
  return { refs: new Set(), getAtts: [], conditions: new Set(), functions: new Set() };
}

/**
 * Adds what `value` refers to into `into`. `conditionValue`, when given, decides each Fn::If, so only the
 * branch taken is followed (an undefined condition's branches are both followed; validation reports it).
 */
export function collectReferences(value: unknown, into: References, conditionValue?: (name: string) => boolean | undefined): References {
  walk(value, into, conditionValue);
  return into;
}

function walk(value: unknown, into: References, decide: ((name: string) => boolean | undefined) | undefined): void {
  if (Array.isArray(value)) {
    for (const item of value) walk(item, into, decide);
    return;
  }
  if (!isObject(value)) return;
  const call = functionCall(value);
  if (!call) {
    for (const item of Object.values(value)) walk(item, into, decide);
    return;
  }
  const { name, argument } = call;
  into.functions.add(name);
  switch (name) {
    case 'Ref':
      if (typeof argument === 'string') into.refs.add(argument);
      else walk(argument, into, decide);
      return;
    case 'Condition':
      if (typeof argument === 'string') into.conditions.add(argument);
      return;
    case 'Fn::GetAtt':
      walkGetAtt(argument, into, decide);
      return;
    case 'Fn::Sub':
      walkSub(argument, into, decide);
      return;
    case 'Fn::If':
      walkIf(argument, into, decide);
      return;
    default:
      walk(argument, into, decide);
  }
}

function walkGetAtt(argument: unknown, into: References, decide: ((name: string) => boolean | undefined) | undefined): void {
  let target: ReturnType<typeof getAttTarget>;
  try {
    target = getAttTarget(argument);
  } catch {
    return; // malformed: evaluation reports it with AWS's text
  }
  into.getAtts.push({ resource: target.resource, ...(typeof target.attribute === 'string' && { attribute: target.attribute }), fromSub: false });
  if (typeof target.attribute !== 'string') walk(target.attribute, into, decide);
}

function walkSub(argument: unknown, into: References, decide: ((name: string) => boolean | undefined) | undefined): void {
  let parsed: ReturnType<typeof subArguments>;
  try {
    parsed = subArguments(argument);
  } catch {
    return;
  }
  walk(parsed.variables, into, decide);
  for (const part of parseSub(parsed.template)) {
    if (!('variable' in part) || Object.hasOwn(parsed.variables, part.variable)) continue;
    const dot = part.variable.indexOf('.');
    if (dot < 0) into.refs.add(part.variable);
    else into.getAtts.push({ resource: part.variable.slice(0, dot), attribute: part.variable.slice(dot + 1), fromSub: true });
  }
}

function walkIf(argument: unknown, into: References, decide: ((name: string) => boolean | undefined) | undefined): void {
  if (!Array.isArray(argument) || argument.length !== 3 || typeof argument[0] !== 'string') {
    walk(argument, into, decide);
    return;
  }
  into.conditions.add(argument[0]);
  const taken = decide?.(argument[0]);
  if (taken !== false) walk(argument[1], into, decide);
  if (taken !== true) walk(argument[2], into, decide);
}

/** Function names that are neither in the registry nor Fn::Transform. */
export function unknownFunctions(references: References): string[] {
  return [...references.functions].filter((name) => !FUNCTIONS[name] && !TRANSFORM_FUNCTION[name]);
}

/** The resources a value depends on: resources among its refs, and its GetAtt targets. */
export function resourceDependencies(references: References, resources: ReadonlySet<string> | ReadonlyMap<string, unknown>): string[] {
  const names = new Set<string>();
  for (const ref of references.refs) if (resources.has(ref)) names.add(ref);
  for (const { resource } of references.getAtts) if (resources.has(resource)) names.add(resource);
  return [...names];
}
