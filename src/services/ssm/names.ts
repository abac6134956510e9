/**
 * Parameter names as Parameter Store reads them: the naming rules, the `name:version` selector, parameter ARNs
 * (which GetParameter(s) accept in place of a name), and paths.
 */
import type { Scope } from '../../shared/accounts.js';
import { hierarchyTooDeep, invalidName, invalidPath, reservedName, validation } from './errors.js';

const NAME_CHARS = /^[a-zA-Z0-9_.\-/]+$/;
/** "Parameter hierarchies are limited to a maximum depth of fifteen levels." */
const MAX_LEVELS = 15;
/** "The maximum length for the fully qualified parameter name is 1011 characters." (the model's 2048 includes AWS's own attributes) */
const MAX_NAME_LENGTH = 1011;

/** Whether `name` follows the character and hierarchy rules (reserved prefixes aside). */
export function isWellFormedName(name: string): boolean {
  if (!NAME_CHARS.test(name)) return false;
  if (!name.includes('/')) return true;
  // A hierarchical name starts with a slash and has no empty level: not `a/b`, `/a//b` or `/a/`.
  return name.startsWith('/') && name.length > 1 && !name.slice(1).split('/').includes('');
}

/** `/a/b/c` is three levels deep; `a` one. */
export function levelsOf(name: string): number {
  return name.startsWith('/') ? name.split('/').length - 1 : 1;
}

/** Names under `aws` (any case, with or without the slash) are AWS's own: only AWS writes them. */
export function isReservedName(name: string): boolean {
  return /^\/?aws/i.test(name);
}

/**
 * The checks PutParameter makes on the name it is given (leading and trailing spaces already removed, as AWS
 * removes them). The order is inferred: AWS's answer to a name that breaks two rules at once is unknown.
 */
export function checkNameToWrite(name: string): void {
  if (isReservedName(name)) throw reservedName(name);
  if (/^\/?ssm/i.test(name) || !isWellFormedName(name)) throw invalidName();
  // Inferred text: AWS documents the limit, not its message.
  if (name.length > MAX_NAME_LENGTH) throw validation(`Parameter name must not be longer than ${MAX_NAME_LENGTH} characters.`);
  if (levelsOf(name) > MAX_LEVELS) throw hierarchyTooDeep();
}

/** What a GetParameter(s) name asks for: a parameter, and maybe one version (`name:3`) or label (`name:prod`). */
export interface Selector {
  name: string;
  /** The text after the colon, when there is one. */
  selector?: string;
  /** From an ARN: the account and region it names. */
  scope?: Scope;
  /** From an ARN `.../parameter/x`: `x` and `/x` both map to it, so both are tried. */
  alternatives?: string[];
}

const ARN = /^arn:aws[a-z-]*:ssm:([a-z0-9-]*):(\d{12}|):parameter(\/[^:]*)(?::([^:/]+))?$/;

/**
 * Reads a name to look up. Returns undefined when the text cannot name any parameter at all (more than one
 * colon: AWS answers ParameterNotFound), and throws AWS's ValidationException for a name that breaks the rules.
 */
export function readSelector(text: string): Selector | undefined {
  if (text.startsWith('arn:')) {
    const m = ARN.exec(text);
    if (!m) throw invalidName();
    const path = m[3]!;
    if (!isWellFormedName(path)) throw invalidName();
    const bare = path.slice(1);
    // An ARN drops the leading slash of `/x`, so `.../parameter/x` is `/x` or `x`: a name with more levels
    // can only be the slashed one.
    const alternatives = bare.includes('/') ? [path] : [bare, path];
    const out: Selector = { name: alternatives[0]!, scope: { region: m[1]!, account: m[2]! }, alternatives };
    if (m[4] !== undefined) out.selector = m[4];
    return out;
  }
  const parts = text.split(':');
  if (parts.length > 2) return undefined;
  const [name = '', selector] = parts;
  if (!isWellFormedName(name)) throw invalidName();
  if (selector === undefined) return { name };
  if (selector === '') return undefined;
  return { name, selector };
}

/** `arn:aws:ssm:{region}:{account}:parameter/{name without its leading slash}`. */
export function parameterArn(scope: Scope, name: string): string {
  return `arn:aws:ssm:${scope.region}:${scope.account}:parameter${name.startsWith('/') ? '' : '/'}${name}`;
}

/**
 * A GetParametersByPath path, normalised to end with a slash (`/app` and `/app/` are the same path). Throws
 * AWS's refusal for one that does not start with a slash or has a character names may not have.
 */
export function readPath(path: string): string {
  if (!path.startsWith('/') || !NAME_CHARS.test(path) || path.includes('//')) throw invalidPath();
  return path.endsWith('/') ? path : `${path}/`;
}

/**
 * Whether `name` is under the normalised `path`: one level below it, or any depth when recursive. A name
 * without a leading slash lives at the root (`/` finds it).
 */
export function isUnderPath(name: string, path: string, recursive: boolean): boolean {
  const full = name.startsWith('/') ? name : `/${name}`;
  if (!full.startsWith(path) || full.length === path.length) return false;
  return recursive || !full.slice(path.length).includes('/');
}
