/**
 * Pseudo parameters: the names every template may `Ref` without declaring them. `AWS::NoValue` is not
 * here; it is not a value but the absence of one (`fn-references.ts`).
 */
import { partitionOf, type StackEnvironment } from './environment.js';

export const PSEUDO_PARAMETERS = [
  'AWS::AccountId', 'AWS::NotificationARNs', 'AWS::NoValue', 'AWS::Partition', 'AWS::Region', 'AWS::StackId',
  'AWS::StackName', 'AWS::URLSuffix',
] as const;

export function isPseudoParameter(name: string): boolean {
  return (PSEUDO_PARAMETERS as readonly string[]).includes(name);
}

export function pseudoParameterValues(env: StackEnvironment): Map<string, string | readonly string[]> {
  const defaults = partitionOf(env.region);
  return new Map<string, string | readonly string[]>([
    ['AWS::AccountId', env.accountId],
    ['AWS::NotificationARNs', env.notificationArns ?? []],
    ['AWS::Partition', env.partition ?? defaults.partition],
    ['AWS::Region', env.region],
    ['AWS::StackId', env.stackId],
    ['AWS::StackName', env.stackName],
    ['AWS::URLSuffix', env.urlSuffix ?? defaults.urlSuffix],
  ]);
}
