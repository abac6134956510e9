/**
 * Dynamic references in resource properties: `{{resolve:ssm:name}}` and `{{resolve:ssm:name:version}}`
 * become the Parameter Store value, anywhere inside a string. Secure strings (`ssm-secure`) and Secrets
 * Manager references fail with a clear text naming what Gatehouse does not support.
 */
import type { StackEnvironment } from './environment.js';
import { templateError } from './errors.js';
import * as msg from './messages.js';
import { isObject } from './values.js';

const REFERENCE = /\{\{resolve:([^:}]*):([^}]*)\}\}/g;

export function resolveDynamicReferences(value: unknown, env: StackEnvironment): unknown {
  if (typeof value === 'string') return value.includes('{{resolve:') ? resolveInString(value, env) : value;
  if (Array.isArray(value)) return value.map((item) => resolveDynamicReferences(item, env));
  if (!isObject(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, resolveDynamicReferences(item, env)]));
}

function resolveInString(text: string, env: StackEnvironment): string {
  return text.replace(REFERENCE, (whole, service: string, key: string) => {
    if (service === 'ssm') return ssmValue(key, env);
    if (service === 'ssm-secure' || service === 'secretsmanager') throw templateError(msg.dynamicReferenceUnsupported(service));
    throw templateError(msg.dynamicReferenceMalformed(whole));
  });
}

/** `name` or `name:version`; a name may itself hold colons (a parameter ARN). */
function ssmValue(key: string, env: StackEnvironment): string {
  const versioned = /^(.+):(\d+)$/.exec(key);
  const name = versioned ? (versioned[1] as string) : key;
  if (name === '') throw templateError(msg.dynamicReferenceMalformed(`{{resolve:ssm:${key}}}`));
  const found = versioned ? env.ssmParameter(name, Number(versioned[2])) : env.ssmParameter(name);
  if (!found) throw templateError(msg.dynamicReferenceNotFound(`ssm:${key}`));
  if (found.type === 'SecureString') throw templateError(msg.ssmParameterTypesUnsupported([name]));
  return found.value;
}
