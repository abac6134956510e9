/**
 * What CloudFormation checks about a template before it knows any parameter value (ValidateTemplate, and
 * the first step of every stack operation): every name a section refers to exists and may be referred to
 * from there, conditions are defined and acyclic, every function is known, and the resources can be
 * ordered. Both branches of every Fn::If count here.
 */
import { templateError } from './errors.js';
import { creationWaves } from './graph.js';
import * as msg from './messages.js';
import type { Template } from './model.js';
import { isPseudoParameter } from './pseudo.js';
import { collectReferences, emptyReferences, resourceDependencies, unknownFunctions, type References } from './references.js';
import { SUPPORTED_FUNCTION_NAMES } from './functions.js';

export interface ValidationOptions {
  /** Resource types the stack engine can create; absent, every type is accepted. */
  isKnownResourceType?(type: string): boolean;
}

export function validateTemplate(template: Template, options: ValidationOptions = {}): void {
  const duplicates = [...template.resources.keys()].filter((name) => template.parameters.has(name));
  if (duplicates.length > 0) throw templateError(msg.duplicateLogicalNames(duplicates));
  validateConditions(template);
  validateRules(template);
  const resourceReferences = validateResources(template);
  validateOutputs(template);
  creationWaves({ nodes: [...template.resources.keys()], dependencies: resourceReferences });
  if (options.isKnownResourceType) {
    const unknown = [...new Set([...template.resources.values()].map((r) => r.type))].filter((t) => !options.isKnownResourceType?.(t));
    if (unknown.length > 0) throw templateError(msg.unrecognizedResourceTypes(unknown));
  }
}

function isParameter(template: Template, name: string): boolean {
  return template.parameters.has(name) || isPseudoParameter(name);
}

function checkFunctions(references: References): void {
  const unknown = unknownFunctions(references)[0];
  if (unknown !== undefined) throw templateError(msg.unsupportedFunction(unknown, SUPPORTED_FUNCTION_NAMES));
}

function checkConditionNames(template: Template, references: References): void {
  for (const name of references.conditions) {
    if (!template.conditions.has(name)) throw templateError(msg.ifUnresolvedCondition(name));
  }
}

function validateConditions(template: Template): void {
  const inResources: string[] = [];
  const unresolved: string[] = [];
  const undefinedConditions: string[] = [];
  const edges = new Map<string, Set<string>>();
  for (const [name, expression] of template.conditions) {
    const refs = collectReferences(expression, emptyReferences());
    checkFunctions(refs);
    for (const ref of refs.refs) {
      if (template.resources.has(ref)) inResources.push(ref);
      else if (!isParameter(template, ref)) unresolved.push(ref);
    }
    for (const { resource } of refs.getAtts) inResources.push(resource);
    for (const condition of refs.conditions) if (!template.conditions.has(condition)) undefinedConditions.push(condition);
    edges.set(name, refs.conditions);
  }
  if (inResources.length > 0) throw templateError(msg.resourceInConditions(unique(inResources)));
  if (unresolved.length > 0) throw templateError(msg.unresolvedResourceDependencies(unique(unresolved), 'Conditions'));
  if (undefinedConditions.length > 0) throw templateError(msg.unresolvedConditionDependencies(unique(undefinedConditions)));
  const cycle = findCycle(edges);
  if (cycle) throw templateError(msg.circularConditions(cycle));
}

function validateRules(template: Template): void {
  const unresolved: string[] = [];
  for (const rule of template.rules.values()) {
    const refs = collectReferences([rule.condition ?? null, ...rule.assertions.map((a) => a.assert)], emptyReferences());
    checkFunctions(refs);
    for (const ref of refs.refs) if (!isParameter(template, ref)) unresolved.push(ref);
    for (const { resource } of refs.getAtts) unresolved.push(resource);
  }
  if (unresolved.length > 0) throw templateError(msg.unresolvedResourceDependencies(unique(unresolved), 'Rules'));
}

/** Checks the Resources block and returns each resource's dependencies (all Fn::If branches). */
function validateResources(template: Template): Map<string, Set<string>> {
  const unresolved: string[] = [];
  const dependencies = new Map<string, Set<string>>();
  for (const resource of template.resources.values()) {
    if (resource.condition !== undefined && !template.conditions.has(resource.condition)) {
      throw templateError(msg.conditionNotDefined(resource.condition));
    }
    const refs = collectReferences([resource.properties, resource.metadata ?? null], emptyReferences());
    checkFunctions(refs);
    checkConditionNames(template, refs);
    checkGetAtts(template, refs);
    for (const ref of refs.refs) if (!isParameter(template, ref) && !template.resources.has(ref)) unresolved.push(ref);
    for (const target of resource.dependsOn) if (!template.resources.has(target)) unresolved.push(target);
    dependencies.set(resource.logicalId, new Set([...resourceDependencies(refs, template.resources), ...resource.dependsOn]));
  }
  if (unresolved.length > 0) throw templateError(msg.unresolvedResourceDependencies(unique(unresolved), 'Resources'));
  return dependencies;
}

function checkGetAtts(template: Template, refs: References): void {
  for (const target of refs.getAtts) {
    if (template.resources.has(target.resource)) continue;
    throw templateError(
      target.fromSub ? msg.subInvalidAttribute(`${target.resource}.${target.attribute ?? ''}`) : msg.getAttUndefinedResource(target.resource),
    );
  }
}

function validateOutputs(template: Template): void {
  const unresolved: string[] = [];
  for (const output of template.outputs.values()) {
    if (output.condition !== undefined && !template.conditions.has(output.condition)) {
      throw templateError(msg.conditionNotDefined(output.condition));
    }
    const refs = collectReferences([output.value, output.description ?? null], emptyReferences());
    checkFunctions(refs);
    checkConditionNames(template, refs);
    checkGetAtts(template, refs);
    for (const ref of refs.refs) if (!isParameter(template, ref) && !template.resources.has(ref)) unresolved.push(ref);
    if (output.exportName !== undefined) {
      const nameRefs = collectReferences(output.exportName, emptyReferences());
      checkFunctions(nameRefs);
      const dependsOnResources = resourceDependencies(nameRefs, template.resources).length > 0 || nameRefs.getAtts.length > 0;
      if (dependsOnResources || nameRefs.functions.has('Fn::ImportValue') || nameRefs.functions.has('Fn::GetAZs')) {
        throw templateError(msg.exportNameDependsOnResources(output.name));
      }
      for (const ref of nameRefs.refs) if (!isParameter(template, ref)) unresolved.push(ref);
    }
  }
  if (unresolved.length > 0) throw templateError(msg.unresolvedResourceDependencies(unique(unresolved), 'Outputs'));
}

function unique(names: readonly string[]): string[] {
  return [...new Set(names)];
}

/** A cycle among named nodes (conditions naming conditions), as the list of its members. */
function findCycle(edges: ReadonlyMap<string, ReadonlySet<string>>): string[] | undefined {
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const visit = (node: string): string[] | undefined => {
    if (state.get(node) === 'done') return undefined;
    if (state.get(node) === 'visiting') return path.slice(path.indexOf(node));
    state.set(node, 'visiting');
    path.push(node);
    for (const next of edges.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(node, 'done');
    return undefined;
  };
  for (const node of edges.keys()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return undefined;
}
