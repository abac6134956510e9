/**
 * The intrinsic function registry: one record per name CloudFormation accepts as `{Name: argument}`.
 * Adding a function is adding a line here.
 */
import type { IntrinsicFunction } from './evaluate.js';
import { templateError } from './errors.js';
import { fnCidr } from './fn-cidr.js';
import { fnAnd, fnCondition, fnEquals, fnIf, fnNot, fnOr } from './fn-conditions.js';
import { fnFindInMap, fnGetAZs, fnImportValue } from './fn-lookups.js';
import { fnGetAtt, fnRef } from './fn-references.js';
import { fnContains, fnEachMemberEquals, fnEachMemberIn, fnRefAll, fnValueOf, fnValueOfAll } from './fn-rules.js';
import { fnBase64, fnJoin, fnLength, fnSelect, fnSplit, fnToJsonString } from './fn-strings.js';
import { fnSub } from './fn-sub.js';
import { transformUnsupported } from './messages.js';

export const FUNCTIONS: Readonly<Record<string, IntrinsicFunction>> = {
  'Fn::Base64': fnBase64,
  'Fn::GetAtt': fnGetAtt,
  'Fn::GetAZs': fnGetAZs,
  'Fn::ImportValue': fnImportValue,
  'Fn::Join': fnJoin,
  'Fn::Split': fnSplit,
  'Fn::FindInMap': fnFindInMap,
  'Fn::Select': fnSelect,
  Ref: fnRef,
  'Fn::Equals': fnEquals,
  'Fn::If': fnIf,
  'Fn::Not': fnNot,
  Condition: fnCondition,
  'Fn::And': fnAnd,
  'Fn::Or': fnOr,
  'Fn::Contains': fnContains,
  'Fn::EachMemberEquals': fnEachMemberEquals,
  'Fn::EachMemberIn': fnEachMemberIn,
  'Fn::ValueOf': fnValueOf,
  'Fn::ValueOfAll': fnValueOfAll,
  'Fn::RefAll': fnRefAll,
  'Fn::Sub': fnSub,
  'Fn::Cidr': fnCidr,
  'Fn::Length': fnLength,
  'Fn::ToJsonString': fnToJsonString,
};

/** In the order AWS lists them in "Encountered unsupported function" (newer ones appended). */
export const SUPPORTED_FUNCTION_NAMES: readonly string[] = Object.keys(FUNCTIONS);

/**
 * Fn::Transform calls a macro (AWS::Include and friends): known, so the error says what Gatehouse lacks
 * rather than calling the function unknown; not in AWS's list of supported names above.
 */
export const TRANSFORM_FUNCTION: Readonly<Record<string, IntrinsicFunction>> = {
  'Fn::Transform': () => {
    throw templateError(transformUnsupported(['Fn::Transform']));
  },
};
