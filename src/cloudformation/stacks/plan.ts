/**
 * What an update of a stack would change, worked out before anything runs, as a change set of type UPDATE
 * lists it: each resource to Add, Modify (in place, or with Replacement True / Conditional) or Remove, with
 * the Details AWS gives (which property, whether it forces a new physical resource, and what caused the
 * change: the template itself, a parameter, or another resource being replaced).
 *
 * Values that only the update can know (the physical id of a resource it will create) are
 * `{{changeSet:KNOWN_AFTER_APPLY}}`, AWS's own placeholder, so a property that reads them counts as changing
 * (Evaluation Dynamic). The update itself compares resolved properties as it goes (update.ts).
 */
import type { ResourceType } from '../resources/types.js';
import type { ResourceValues } from '../template/environment.js';
import { loadTemplate } from '../template/load.js';
import type { Template } from '../template/model.js';
import { collectReferences, emptyReferences } from '../template/references.js';
import type { PreparedStack } from '../template/stack-template.js';
import type { ResourceChangeDetail, ResourceChangeRecord, StackRecord, StackResourceRecord } from './records.js';

export const KNOWN_AFTER_APPLY = '{{changeSet:KNOWN_AFTER_APPLY}}';

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Top-level properties whose values differ between `before` and `after`. */
export function changedProperties(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].filter((name) => !same(before[name], after[name]));
}

/** Whether changing `names` needs a new physical resource: the type cannot update in place, or one of them says so. */
export function needsReplacement(type: ResourceType, names: readonly string[]): boolean {
  return !type.update || names.some((name) => recreation(type, name) === 'Always');
}

function recreation(type: ResourceType | undefined, name: string): 'Always' | 'Never' {
  return !type?.update || type.replaceOn?.includes(name) ? 'Always' : 'Never';
}

/** Resources whose type the new template changes: AWS refuses the update. */
export function changedTypes(stack: StackRecord, prepared: PreparedStack): string[] {
  return [...prepared.resources].filter(([id, r]) => {
    const current = stack.resources[id];
    return current?.provisioned !== undefined && current.ResourceType !== r.declaration.type;
  }).map(([id]) => id);
}

/** Parameters whose value (or, for SSM types, resolved value) is not what the stack has now. */
function changedParameters(stack: StackRecord, prepared: PreparedStack): Set<string> {
  const changed = new Set<string>();
  for (const [name, p] of prepared.parameters) {
    const resolvedBefore = stack.Parameters.find((q) => q.ParameterKey === name)?.ResolvedValue;
    if (stack.parameterValues[name] !== p.value || (p.resolvedValue !== undefined && !p.noEcho && resolvedBefore !== p.resolvedValue)) changed.add(name);
  }
  return changed;
}

function currentValues(stack: StackRecord): ResourceValues {
  return {
    ref: (id) => {
      const p = stack.resources[id]?.provisioned;
      return p ? (p.ref ?? p.physicalId) : undefined;
    },
    getAtt: (id, attribute) => stack.resources[id]?.provisioned?.attributes[attribute],
  };
}

/** The new properties as far as they can be known now; a property that cannot be evaluated yet is KNOWN_AFTER_APPLY. */
function previewProperties(prepared: PreparedStack, id: string, values: ResourceValues): Record<string, unknown> {
  try {
    return prepared.resolveProperties(id, values);
  } catch {
    // One property reads what only the update will know in a way that cannot be evaluated (Fn::Select on it ...).
    const out: Record<string, unknown> = {};
    for (const [name, raw] of Object.entries(prepared.resources.get(id)!.declaration.properties)) {
      try {
        const evaluated = prepared.evaluate({ [name]: raw }, values) as Record<string, unknown>;
        if (name in evaluated) out[name] = evaluated[name];
      } catch {
        out[name] = KNOWN_AFTER_APPLY;
      }
    }
    return out;
  }
}

interface ModifyPlan {
  details: ResourceChangeDetail[];
  replacement: 'True' | 'False' | 'Conditional';
}

function planModify(
  id: string,
  current: StackResourceRecord,
  oldTemplate: Template,
  prepared: PreparedStack,
  type: ResourceType | undefined,
  context: { values: ResourceValues; parameters: ReadonlySet<string>; renewed: ReadonlySet<string> },
): ModifyPlan | undefined {
  const declaration = prepared.resources.get(id)!.declaration;
  const previous = oldTemplate.resources.get(id)?.properties ?? {};
  const preview = previewProperties(prepared, id, context.values);
  const names = new Set([...Object.keys(declaration.properties), ...Object.keys(previous), ...Object.keys(current.properties)]);
  const details: ResourceChangeDetail[] = [];
  for (const name of names) {
    const raw = declaration.properties[name];
    const target: ResourceChangeDetail['Target'] =
      name === 'Tags' ? { Attribute: 'Tags', RequiresRecreation: recreation(type, name) } : { Attribute: 'Properties', Name: name, RequiresRecreation: recreation(type, name) };
    const refs = collectReferences(raw ?? null, emptyReferences(), (c) => prepared.conditions.get(c));
    const byResources: ResourceChangeDetail[] = [
      ...[...refs.refs].filter((r) => context.renewed.has(r)).map((r): ResourceChangeDetail => ({ Target: target, Evaluation: 'Dynamic', ChangeSource: 'ResourceReference', CausingEntity: r })),
      ...refs.getAtts
        .filter((g) => context.renewed.has(g.resource))
        .map((g): ResourceChangeDetail => ({ Target: target, Evaluation: 'Dynamic', ChangeSource: 'ResourceAttribute', CausingEntity: g.attribute === undefined ? g.resource : `${g.resource}.${g.attribute}` })),
    ];
    if (!same(raw, previous[name])) {
      details.push({ Target: target, Evaluation: 'Static', ChangeSource: 'DirectModification' }, ...byResources);
      continue;
    }
    const valueChanged = !same(preview[name], current.properties[name]);
    if (!valueChanged && byResources.length === 0) continue;
    const byParameters = [...refs.refs].filter((r) => context.parameters.has(r));
    if (byParameters.length > 0 || (byResources.length === 0 && valueChanged)) details.push({ Target: target, Evaluation: 'Dynamic', ChangeSource: 'DirectModification' });
    for (const p of byParameters) details.push({ Target: target, Evaluation: 'Static', ChangeSource: 'ParameterReference', CausingEntity: p });
    details.push(...byResources);
  }
  if (details.length === 0) return undefined;
  const always = details.filter((d) => d.Target.RequiresRecreation === 'Always');
  const replacement = always.some((d) => d.Evaluation === 'Static') ? 'True' : always.length > 0 ? 'Conditional' : 'False';
  return { details, replacement };
}

export interface UpdatePlan {
  /** The change set's Changes: Add and Modify in template order, then Remove. */
  changes: ResourceChangeRecord[];
  /** Whether the update changes anything at all (resources, outputs, parameter values, tags). */
  hasChanges: boolean;
}

/** The changes updating `stack` to `prepared` (with `tags`, when the request gives tags) would make. */
export function planUpdate(stack: StackRecord, prepared: PreparedStack, resourceType: (type: string) => ResourceType | undefined, tags?: ReadonlyArray<{ Key: string; Value: string }>): UpdatePlan {
  const oldTemplate = loadTemplate(stack.TemplateBody);
  const parameters = changedParameters(stack, prepared);
  const current = currentValues(stack);
  /** Resources whose physical id (and so Ref and attributes) the update will, or may, change. */
  const renewed = new Set<string>();
  const values: ResourceValues = {
    ref: (id) => (renewed.has(id) ? KNOWN_AFTER_APPLY : current.ref(id)),
    getAtt: (id, attribute) => (renewed.has(id) ? KNOWN_AFTER_APPLY : current.getAtt(id, attribute)),
  };
  const byId = new Map<string, ResourceChangeRecord>();
  for (const id of prepared.creationOrder) {
    const declaration = prepared.resources.get(id)!.declaration;
    const resource = stack.resources[id];
    if (resource?.provisioned === undefined) {
      renewed.add(id);
      byId.set(id, { Type: 'Resource', ResourceChange: { Action: 'Add', LogicalResourceId: id, ResourceType: declaration.type, Scope: [], Details: [] } });
      continue;
    }
    const modify = planModify(id, resource, oldTemplate, prepared, resourceType(declaration.type), { values, parameters, renewed });
    if (!modify) continue;
    if (modify.replacement !== 'False') renewed.add(id);
    const scope = (['Properties', 'Tags'] as const).filter((s) => modify.details.some((d) => d.Target.Attribute === s));
    byId.set(id, {
      Type: 'Resource',
      ResourceChange: {
        ...(modify.replacement === 'True' && { PolicyAction: declaration.updateReplacePolicy === 'Retain' ? ('ReplaceAndRetain' as const) : ('ReplaceAndDelete' as const) }),
        Action: 'Modify',
        LogicalResourceId: id,
        PhysicalResourceId: resource.PhysicalResourceId ?? resource.provisioned.physicalId,
        ResourceType: declaration.type,
        Replacement: modify.replacement,
        Scope: scope,
        Details: modify.details,
      },
    });
  }
  const changes = [...prepared.resources.keys()].flatMap((id) => byId.get(id) ?? []);
  for (const [id, resource] of Object.entries(stack.resources)) {
    if (prepared.resources.has(id) || resource.provisioned === undefined) continue;
    changes.push({
      Type: 'Resource',
      ResourceChange: {
        PolicyAction: resource.deletionPolicy === 'Retain' ? 'Retain' : 'Delete',
        Action: 'Remove',
        LogicalResourceId: id,
        PhysicalResourceId: resource.PhysicalResourceId ?? resource.provisioned.physicalId,
        ResourceType: resource.ResourceType,
        Scope: [],
        Details: [],
      },
    });
  }
  const outputsChanged = !same([...oldTemplate.outputs.values()], [...prepared.template.outputs.values()]);
  const tagsChanged = tags !== undefined && !same(tags, stack.Tags);
  // A stack whose last operation failed with rollback disabled has something to settle even when the template does not change.
  const unsettled = stack.StackStatus.endsWith('_FAILED') || Object.keys(stack.resources).some((id) => !prepared.resources.has(id)) || (stack.orphans?.length ?? 0) > 0;
  return { changes, hasChanges: changes.length > 0 || parameters.size > 0 || outputsChanged || tagsChanged || unsettled };
}
