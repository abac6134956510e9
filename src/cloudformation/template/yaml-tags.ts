/**
 * CloudFormation's YAML short forms (`!Ref X`, `!Sub ...`, `!GetAtt A.B` ...) as custom tags of the `yaml`
 * library. Each tag turns into the long form (`{Ref: X}`, `{"Fn::Sub": ...}`), so the rest of the engine
 * only ever sees JSON. A short form may tag a scalar, a sequence or a mapping, so every function gets one
 * tag per node kind.
 */
import type { CollectionTag, ScalarTag, YAMLMap, YAMLSeq } from 'yaml';

/** Functions whose short form is `!Name` for `Fn::Name`. */
const FN_SHORT_FORMS = [
  'And', 'Base64', 'Cidr', 'Contains', 'EachMemberEquals', 'EachMemberIn', 'Equals', 'FindInMap', 'GetAZs',
  'If', 'ImportValue', 'Join', 'Length', 'Not', 'Or', 'RefAll', 'Select', 'Split', 'Sub', 'ToJsonString',
  'Transform', 'ValueOf', 'ValueOfAll',
] as const;

type Collection = YAMLMap.Parsed | YAMLSeq.Parsed;

/** The tags for one function: `toLong` turns the tagged node's JS value into the long form. */
function tagsFor(tag: string, toLong: (value: unknown) => unknown): Array<ScalarTag | CollectionTag> {
  const collection = (value: Collection): unknown => toLong(value.toJSON());
  return [
    { tag, resolve: (value: string) => toLong(value) },
    { tag, collection: 'seq', resolve: collection },
    { tag, collection: 'map', resolve: collection },
  ];
}

/**
 * `!GetAtt Resource.Attribute` names the resource before the first dot; the attribute keeps any further
 * dots (`!GetAtt Db.Endpoint.Address`, `!GetAtt Nested.Outputs.VpcId`).
 */
function getAttLongForm(value: unknown): unknown {
  if (typeof value !== 'string') return { 'Fn::GetAtt': value };
  const dot = value.indexOf('.');
  return { 'Fn::GetAtt': dot < 0 ? [value] : [value.slice(0, dot), value.slice(dot + 1)] };
}

export const CLOUDFORMATION_TAGS: ReadonlyArray<ScalarTag | CollectionTag> = [
  ...tagsFor('!Ref', (value) => ({ Ref: value })),
  ...tagsFor('!Condition', (value) => ({ Condition: value })),
  ...tagsFor('!GetAtt', getAttLongForm),
  ...FN_SHORT_FORMS.flatMap((name) => tagsFor(`!${name}`, (value) => ({ [`Fn::${name}`]: value }))),
];
