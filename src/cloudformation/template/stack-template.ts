/**
 * A template bound to one stack operation: parameters resolved, rules checked, conditions decided, the
 * resources this stack creates put in dependency order. The stack engine then asks for each resource's
 * Properties once the resources it depends on exist, and for the Outputs once all of them do.
 *
 *   const template = loadTemplate(body);
 *   const stack = prepareStack(template, env, { parameters });
 *   for (const id of stack.creationOrder) create(id, stack.resolveProperties(id, values));
 *   const outputs = stack.resolveOutputs(values);
 *   // delete: stack.deletionOrder
 */
import { evaluateConditions } from './conditions.js';
import { resolveDynamicReferences } from './dynamic-references.js';
import type { ResourceValues, StackEnvironment } from './environment.js';
import { templateError } from './errors.js';
import { evaluate, type Block, type EvaluationContext } from './evaluate.js';
import { creationWaves } from './graph.js';
import * as msg from './messages.js';
import type { OutputDeclaration, ResourceDeclaration, Template } from './model.js';
import { describeParameters, resolveParameters, type ResolvedParameter, type SuppliedParameter } from './parameters.js';
import { pseudoParameterValues } from './pseudo.js';
import { collectReferences, emptyReferences, resourceDependencies } from './references.js';
import { checkRules } from './rules.js';
import { validateTemplate, type ValidationOptions } from './validate.js';
import { scalarText } from './values.js';

export interface PrepareOptions extends ValidationOptions {
  /** The operation's Parameters, in the API's shape. */
  readonly parameters?: readonly SuppliedParameter[];
  /** The stack's current parameter values (as supplied, SSM names unresolved), for UsePreviousValue. */
  readonly previousParameters?: ReadonlyMap<string, string>;
}

export interface PlannedResource {
  readonly declaration: ResourceDeclaration;
  /** Resources of this stack that must exist first: its live references and its DependsOn. */
  readonly dependsOn: readonly string[];
}

/** An Outputs member of DescribeStacks. */
export interface StackOutput {
  OutputKey: string;
  OutputValue: string;
  Description?: string;
  ExportName?: string;
}

export class PreparedStack {
  /** Resources this stack creates (Condition true or none), in template order. */
  readonly resources: ReadonlyMap<string, PlannedResource>;
  /** Resources whose Condition is false: not created, not referable. */
  readonly skippedResources: readonly string[];
  /** Groups of resources that can be created together, each after the ones before. */
  readonly creationWaves: readonly (readonly string[])[];
  readonly creationOrder: readonly string[];
  /** Creation order reversed: a resource goes before anything it depends on. */
  readonly deletionOrder: readonly string[];
  /** Outputs whose Condition holds, with their export names already evaluated. */
  private readonly outputs: ReadonlyArray<{ declaration: OutputDeclaration; exportName?: string }>;
  private readonly values: ReadonlyMap<string, string | readonly string[]>;

  constructor(
    readonly template: Template,
    readonly environment: StackEnvironment,
    readonly parameters: ReadonlyMap<string, ResolvedParameter>,
    readonly conditions: ReadonlyMap<string, boolean>,
  ) {
    this.values = new Map([...pseudoParameterValues(environment), ...[...parameters].map(([k, p]) => [k, p.resolved] as const)]);
    const active = [...template.resources.values()].filter((r) => r.condition === undefined || conditions.get(r.condition) === true);
    this.skippedResources = [...template.resources.keys()].filter((id) => !active.some((r) => r.logicalId === id));
    const planned = new Map<string, PlannedResource>();
    for (const resource of active) planned.set(resource.logicalId, { declaration: resource, dependsOn: this.liveDependencies(resource) });
    this.resources = planned;
    this.creationWaves = creationWaves({ nodes: [...planned.keys()], dependencies: new Map([...planned].map(([id, p]) => [id, new Set(p.dependsOn)])) });
    this.creationOrder = this.creationWaves.flat();
    this.deletionOrder = [...this.creationOrder].reverse();
    this.outputs = this.planOutputs();
  }

  /** DescribeStacks' Parameters: NoEcho values masked as AWS masks them. */
  describeParameters(): ReturnType<typeof describeParameters> {
    return describeParameters(this.parameters);
  }

  /**
   * A resource's Properties with every function evaluated, `AWS::NoValue` removed and dynamic references
   * resolved. `values` gives the Ref and Fn::GetAtt values of the resources it depends on.
   */
  resolveProperties(logicalId: string, values: ResourceValues): Record<string, unknown> {
    const planned = this.resources.get(logicalId);
    if (!planned) throw templateError(msg.unresolvedResourceDependencies([logicalId], 'Resources'));
    const evaluated = evaluate(planned.declaration.properties, this.context('Resources', values));
    return resolveDynamicReferences(evaluated, this.environment) as Record<string, unknown>;
  }

  /** Any other template value (Metadata, a CreationPolicy ...) evaluated as in the Resources block. */
  evaluate(value: unknown, values?: ResourceValues): unknown {
    return evaluate(value, this.context('Resources', values));
  }

  /** The stack's Outputs once every resource exists, in template order. */
  resolveOutputs(values: ResourceValues): StackOutput[] {
    const ctx = this.context('Outputs', values);
    return this.outputs.map(({ declaration, exportName }) => {
      const value = outputText(evaluate(declaration.value, ctx));
      const description = declaration.description === undefined ? undefined : scalarText(evaluate(declaration.description, ctx));
      return {
        OutputKey: declaration.name,
        OutputValue: value,
        ...(description !== undefined && { Description: description }),
        ...(exportName !== undefined && { ExportName: exportName }),
      };
    });
  }

  /** The names this stack exports, known before any resource exists (they may only use parameters). */
  exportNames(): string[] {
    return this.outputs.flatMap((o) => (o.exportName === undefined ? [] : [o.exportName]));
  }

  private context(block: Block, resources: ResourceValues | undefined): EvaluationContext {
    return {
      block,
      template: this.template,
      environment: this.environment,
      parameters: this.values,
      condition: (name) => {
        const value = this.conditions.get(name);
        if (value === undefined) throw templateError(msg.ifUnresolvedCondition(name));
        return value;
      },
      ...(resources && { resources }),
      isActive: (id) => this.resources.has(id),
    };
  }

  /** References in the branches the conditions take; a reference to a skipped resource is AWS's error. */
  private liveDependencies(resource: ResourceDeclaration): string[] {
    const refs = collectReferences(resource.properties, emptyReferences(), (name) => this.conditions.get(name));
    collectReferences(resource.metadata ?? null, refs, (name) => this.conditions.get(name));
    const targets = [...resourceDependencies(refs, this.template.resources), ...resource.dependsOn];
    const skipped = targets.filter((id) => {
      const target = this.template.resources.get(id);
      return target?.condition !== undefined && this.conditions.get(target.condition) !== true;
    });
    if (skipped.length > 0) throw templateError(msg.unresolvedResourceDependencies([...new Set(skipped)], 'Resources'));
    return [...new Set(targets)];
  }

  private planOutputs(): Array<{ declaration: OutputDeclaration; exportName?: string }> {
    const live = [...this.template.outputs.values()].filter((o) => o.condition === undefined || this.conditions.get(o.condition) === true);
    const ctx = this.context('Outputs', undefined);
    const planned = live.map((declaration) => {
      const refs = collectReferences([declaration.value, declaration.description ?? null], emptyReferences(), (n) => this.conditions.get(n));
      const skipped = resourceDependencies(refs, this.template.resources).filter((id) => !this.resources.has(id));
      if (skipped.length > 0) throw templateError(msg.unresolvedResourceDependencies(skipped, 'Outputs'));
      if (declaration.exportName === undefined) return { declaration };
      const exportName = scalarText(evaluate(declaration.exportName, ctx));
      if (exportName === undefined || exportName === '') throw templateError(msg.exportWithoutName(declaration.name));
      return { declaration, exportName };
    });
    const names = planned.flatMap((o) => (o.exportName === undefined ? [] : [o.exportName]));
    const duplicates = names.filter((name, i) => names.indexOf(name) !== i);
    if (duplicates.length > 0) throw templateError(msg.duplicateExportNames([...new Set(duplicates)]));
    return planned;
  }
}

/** An Output's Value must come out a string (a number reads as its text; a list or boolean does not). */
function outputText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw templateError(msg.outputValueNotString());
}

/**
 * Binds a template to a stack operation. Throws ValidationError (AWS's texts) for whatever CloudFormation
 * refuses before creating anything: template errors, parameter values, failed rules, references to
 * resources a false condition removes, circular dependencies.
 */
export function prepareStack(template: Template, environment: StackEnvironment, options: PrepareOptions = {}): PreparedStack {
  if (template.transforms.length > 0) throw templateError(msg.transformUnsupported(template.transforms));
  validateTemplate(template, options);
  const parameters = resolveParameters(template, options.parameters ?? [], environment, options.previousParameters);
  const values = new Map([...pseudoParameterValues(environment), ...[...parameters].map(([k, p]) => [k, p.resolved] as const)]);
  const conditions = evaluateConditions(template, values, environment);
  checkRules(template, values, environment, (name) => {
    const value = conditions.get(name);
    if (value === undefined) throw templateError(msg.ifUnresolvedCondition(name));
    return value;
  });
  return new PreparedStack(template, environment, parameters, conditions);
}
