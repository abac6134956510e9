/**
 * Writes the TypeScript types of an AWS service model: one interface per structure the operations reach,
 * and an `Operations` map from each operation's name to its input (as `Received`) and output (as
 * `Returned`). The files live in `src/wire/models/` and are committed, so a fresh checkout compiles without
 * a generation step; `node scripts/generate-model-types.mjs` (after a build) rewrites them, and
 * model-typings.test.ts fails when a committed file differs from what this module writes.
 *
 * Types follow what the protocols really hand over (src/wire/json-codec.ts, query.ts, text-scalars.ts):
 * numbers as `number`, timestamps as `Date`, blobs as `Buffer`, maps with string keys. The min.json models
 * carry no enums and no documentation, so strings stay `string`.
 *
 * Not said here: json-codec keeps a `null` map value as AWS does (`"responseTemplates": {"application/json":
 * null}`), so a map a JSON protocol parsed may hold `null` where its type says `V`. Saying so would reach
 * the domain records the data plane reads (stage variables, method parameters): left for a change of its own.
 */
import { loadRawModel, type RawModel, type RawShape } from './model.js';

/** The models Gatehouse's services are driven by, each typed into `src/wire/models/<file>.ts`. */
export const TYPED_MODELS: readonly string[] = [
  'apigateway-2015-07-09',
  'cloudformation-2010-05-15',
  'cognito-idp-2016-04-18',
  'ec2-2016-11-15',
  'ecr-2015-09-21',
  'iam-2010-05-08',
  'lambda-2015-03-31',
  's3-2006-03-01',
  'ssm-2014-11-06',
  'sts-2011-06-15',
];

export const typingsPath = (modelFile: string): string => `src/wire/models/${modelFile}.ts`;

/**
 * Names the generated file uses for itself, or globals a reader would mistake a shape for: a structure
 * that would take one is called `<Name>Shape`.
 */
const TAKEN = new Set([
  'Date', 'Buffer', 'StreamingBody', 'Record', 'Received', 'Returned', 'NoInput', 'JsonOutput', 'XmlOutput', 'Operations',
  'Array', 'Boolean', 'Error', 'Function', 'Map', 'Number', 'Object', 'Promise', 'Set', 'String', 'Symbol',
]);

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const key = (name: string): string => (IDENTIFIER.test(name) ? name : JSON.stringify(name));
const capitalize = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** `Tags` → `Tag`, `Policies` → `Policy`: what one element of a list member is called. */
function singular(name: string): string {
  if (name.endsWith('ies')) return `${name.slice(0, -3)}y`;
  if (name.endsWith('s') && !name.endsWith('ss')) return name.slice(0, -1);
  return `${name}Item`;
}

/** `CreateRestApi` → `RestApi`: an output shape shared by several operations is named for its noun. */
const noun = (operation: string): string => operation.replace(/^[A-Z][a-z]+(?=[A-Z])/, '');

/**
 * The min.json models name their shapes `S4`, `Sz`..., so each structure is named where it is first met:
 * operations in alphabetical order, input before output, members in model order. An operation's inline
 * input is `<Operation>Input`, its output `<Operation>Output` (a shared one: the operation's noun), a
 * member's structure its capitalised member name. Handlers should name types through `Operations`, which
 * stays put when a newer model moves a structure's first use.
 */
class Writer {
  private readonly structures: string[] = [];
  /** Every structure (a model shape or an inline one, by object) with the interface name given it. */
  private readonly names = new Map<RawShape, string>();
  private readonly used = new Set<string>();
  private readonly queue: Array<{ name: string; raw: RawShape }> = [];

  constructor(private readonly model: RawModel) {}

  private unique(wanted: string): string {
    const base = TAKEN.has(wanted) ? `${wanted}Shape` : wanted;
    let name = base;
    for (let n = 2; this.used.has(name); n++) name = `${base}${n}`;
    this.used.add(name);
    return name;
  }

  private target(raw: RawShape): RawShape {
    if (raw.shape === undefined) return raw;
    const target = this.model.shapes[raw.shape];
    if (!target) throw new Error(`model references unknown shape ${raw.shape}`);
    return target;
  }

  /** The TypeScript type of a shape reference; `suggested` names a structure met for the first time. */
  type(raw: RawShape, suggested: string): string {
    const target = this.target(raw);
    if (raw.jsonvalue ?? target.jsonvalue) return 'unknown';
    switch (target.type ?? (target.members ? 'structure' : 'string')) {
      case 'structure': {
        let name = this.names.get(target);
        if (name === undefined) {
          name = this.unique(suggested);
          this.names.set(target, name);
          this.queue.push({ name, raw: target });
        }
        return name;
      }
      case 'list': {
        const element = this.type(target.member!, singular(suggested));
        return /[ |]/.test(element) ? `(${element})[]` : `${element}[]`;
      }
      case 'map': {
        const value = this.type(target.value!, `${suggested}Value`);
        return `Record<string, ${value}>`;
      }
      case 'integer':
      case 'long':
      case 'float':
      case 'double':
        return 'number';
      case 'boolean':
        return 'boolean';
      case 'timestamp':
        return 'Date';
      case 'blob':
        return raw.streaming ?? target.streaming ? 'StreamingBody' : 'Buffer';
      default:
        return 'string';
    }
  }

  /** The members of a structure (an operation's input, to find its URI labels). */
  members(raw: RawShape): Record<string, RawShape> {
    return this.target(raw).members ?? {};
  }

  /** Writes every queued structure (and those they reach). */
  drain(): string {
    for (let next = this.queue.shift(); next; next = this.queue.shift()) {
      const required = new Set(next.raw.required ?? []);
      const lines = Object.entries(next.raw.members ?? {}).map(([member, ref]) => {
        const optional = required.has(member) ? '' : '?';
        return `  ${key(member)}${optional}: ${this.type(ref, capitalize(member))};`;
      });
      this.structures.push(lines.length > 0 ? `export interface ${next.name} {\n${lines.join('\n')}\n}\n` : `export type ${next.name} = Record<string, never>;\n`);
    }
    return this.structures.join('\n');
  }
}

/** The generated TypeScript of one model, as committed in `src/wire/models/<file>.ts`. */
export function modelTypings(modelFile: string): string {
  const model = loadRawModel(modelFile);
  const writer = new Writer(model);
  const protocol = model.metadata.protocol;
  const form = protocol === 'rest-json' || protocol === 'json' ? 'JsonOutput' : 'XmlOutput';
  const entries: string[] = [];
  for (const name of Object.keys(model.operations).sort()) {
    const op = model.operations[name]!;
    let input = 'NoInput';
    if (op.input) {
      const type = writer.type(op.input, `${name}Input`);
      const labels = protocol === 'rest-json' || protocol === 'rest-xml' ? Object.entries(writer.members(op.input)).filter(([, m]) => m.location === 'uri').map(([n]) => `'${n}'`) : [];
      input = labels.length > 0 ? `Received<${type}, ${labels.join(' | ')}>` : `Received<${type}>`;
    }
    const output = op.output ? `Returned<${writer.type(op.output, op.output.shape !== undefined && noun(name) !== name ? noun(name) : `${name}Output`)}, ${form}>` : 'void';
    entries.push(`  ${key(name)}: { input: ${input}; output: ${output} };`);
  }
  const structures = writer.drain();
  const used = ['JsonOutput', 'NoInput', 'Received', 'Returned', 'XmlOutput'].filter((t) => entries.some((e) => e.includes(t)));
  if (structures.includes(': StreamingBody;')) used.push('StreamingBody');
  return [
    `/**`,
    ` * The operations and shapes of aws-sdk/apis/${modelFile}.min.json (${model.metadata.serviceId}, ${protocol}).`,
    ` * Generated by src/wire/model-typings.ts: do not edit; \`node scripts/generate-model-types.mjs\` rewrites it.`,
    ` */`,
    `import type { ${used.join(', ')} } from '../shape-types.js';`,
    ``,
    `export interface Operations {`,
    ...entries,
    `}`,
    ``,
    structures,
  ].join('\n');
}
