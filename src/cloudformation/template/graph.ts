/**
 * The resource dependency graph and the orders it allows. Among resources that are ready at the same time
 * the template's order decides, so a stack always creates its resources in the same order (and its events
 * read the same from run to run).
 */
import { templateError } from './errors.js';
import { circularResources } from './messages.js';

export interface DependencyGraph {
  /** Logical ids in template order. */
  readonly nodes: readonly string[];
  /** Each node's direct dependencies (nodes it needs to exist first). */
  readonly dependencies: ReadonlyMap<string, ReadonlySet<string>>;
}

/**
 * Resources grouped in waves: every resource's dependencies are in earlier waves, so the resources of one
 * wave may be created together. Throws "Circular dependency between resources" naming every resource
 * that cannot be ordered (those in a cycle and those waiting on one), in template order.
 */
export function creationWaves(graph: DependencyGraph): string[][] {
  const waves: string[][] = [];
  const done = new Set<string>();
  while (done.size < graph.nodes.length) {
    const wave = graph.nodes.filter((node) => !done.has(node) && [...(graph.dependencies.get(node) ?? [])].every((d) => done.has(d)));
    if (wave.length === 0) throw templateError(circularResources(graph.nodes.filter((node) => !done.has(node))));
    for (const node of wave) done.add(node);
    waves.push(wave);
  }
  return waves;
}

/** A topological order: the waves one after another. */
export function creationOrder(graph: DependencyGraph): string[] {
  return creationWaves(graph).flat();
}

/** Deletion undoes creation: dependents go before what they depend on. */
export function deletionOrder(graph: DependencyGraph): string[] {
  return creationOrder(graph).reverse();
}
