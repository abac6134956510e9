/**
 * A template read into its sections, each checked for shape (`structure.ts`) but not yet evaluated:
 * values that may hold intrinsic functions stay raw JSON. Maps keep the template's order, which is the
 * order AWS reports parameters, resources and outputs in.
 */
import type { ParameterType } from './parameter-types.js';
import type { Json, JsonObject } from './values.js';

export interface ParameterDeclaration {
  readonly name: string;
  readonly type: ParameterType;
  /** The default as text; CloudFormation reads `Default: 5` and `Default: 5` the same. */
  readonly default?: string;
  readonly description?: string;
  readonly noEcho: boolean;
  readonly allowedValues?: readonly string[];
  readonly allowedPattern?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minValue?: number;
  readonly maxValue?: number;
  readonly constraintDescription?: string;
}

export const DELETION_POLICIES = ['Delete', 'Retain', 'RetainExceptOnCreate', 'Snapshot'] as const;
export type DeletionPolicy = (typeof DELETION_POLICIES)[number];

export interface ResourceDeclaration {
  readonly logicalId: string;
  readonly type: string;
  /** `{}` when the template gives no Properties. */
  readonly properties: JsonObject;
  /** DependsOn, always as a list. */
  readonly dependsOn: readonly string[];
  readonly condition?: string;
  readonly deletionPolicy: DeletionPolicy;
  readonly updateReplacePolicy: DeletionPolicy;
  readonly metadata?: Json;
  readonly creationPolicy?: Json;
  readonly updatePolicy?: Json;
}

export interface OutputDeclaration {
  readonly name: string;
  readonly value: Json;
  readonly description?: Json;
  /** The Export's Name, when the output is exported. */
  readonly exportName?: Json;
  readonly condition?: string;
}

export interface RuleAssertion {
  readonly assert: Json;
  readonly description?: string;
}

export interface RuleDeclaration {
  readonly name: string;
  readonly condition?: Json;
  readonly assertions: readonly RuleAssertion[];
}

/** Mapping name → top-level key → attribute → value (a string or a list of strings). */
export type Mappings = ReadonlyMap<string, Readonly<Record<string, Readonly<Record<string, Json>>>>>;

export interface Template {
  /** The document as parsed (short forms already long), for GetTemplate's processed stage. */
  readonly document: JsonObject;
  readonly formatVersion?: string;
  readonly description?: string;
  readonly metadata?: Json;
  /** Names of the transforms the template declares (`Transform`). */
  readonly transforms: readonly string[];
  readonly parameters: ReadonlyMap<string, ParameterDeclaration>;
  readonly mappings: Mappings;
  readonly conditions: ReadonlyMap<string, Json>;
  readonly rules: ReadonlyMap<string, RuleDeclaration>;
  readonly resources: ReadonlyMap<string, ResourceDeclaration>;
  readonly outputs: ReadonlyMap<string, OutputDeclaration>;
}
