/**
 * Test doubles for the template engine's tests: a stack environment with a few availability zones, SSM
 * parameters and exports; resource values computed from logical ids; and helpers that load a template
 * and assert AWS's error texts.
 */
import assert from 'node:assert/strict';
import type { ResourceValues, SsmParameterValue, StackEnvironment } from '../environment.js';
import { loadTemplate } from '../load.js';
import { prepareStack, type PrepareOptions, type PreparedStack } from '../stack-template.js';
import type { Template } from '../model.js';

export const ACCOUNT = '123456789012';
export const STACK_ID = `arn:aws:cloudformation:us-east-1:${ACCOUNT}:stack/tutorial/8f3c2a70-1e2b-11ef-9f0a-0a1b2c3d4e5f`;
export const AL2023_PARAMETER = '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64';
export const AL2023_AMI = 'ami-0c101f26f147fa7fd';

export interface FakeEnvironment extends StackEnvironment {
  readonly ssm: Map<string, SsmParameterValue>;
  readonly exports: Map<string, string>;
}

export function fakeEnvironment(overrides: Partial<StackEnvironment> = {}): FakeEnvironment {
  const ssm = new Map<string, SsmParameterValue>([
    [AL2023_PARAMETER, { value: AL2023_AMI, type: 'String' }],
    ['/cdk-bootstrap/hnb659fds/version', { value: '21', type: 'String' }],
    ['/app/db/password', { value: 's3cret', type: 'SecureString' }],
    ['/app/subnets', { value: 'subnet-1,subnet-2', type: 'StringList' }],
    ['/app/greeting', { value: 'hello', type: 'String' }],
  ]);
  const exports = new Map([['network-VpcId', 'vpc-0exported']]);
  return {
    accountId: ACCOUNT,
    region: 'us-east-1',
    stackName: 'tutorial',
    stackId: STACK_ID,
    availabilityZones: (region) => ['a', 'b', 'c'].map((z) => `${region}${z}`),
    exportedValue: (name) => exports.get(name),
    ssmParameter: (name, version) => (version === undefined || version === 1 ? ssm.get(name) : undefined),
    ...overrides,
    ssm,
    exports,
  };
}

/** Ref is `<id>-physical`; GetAtt is `<id>.<attribute>` unless `attributes` says otherwise. */
export function fakeResourceValues(attributes: Record<string, Record<string, unknown>> = {}): ResourceValues {
  return {
    ref: (id) => `${id.toLowerCase()}-physical`,
    getAtt: (id, attribute) => attributes[id]?.[attribute] ?? (attribute === 'Missing' ? undefined : `${id}.${attribute}`),
  };
}

export function prepare(body: string, options: PrepareOptions = {}, env: StackEnvironment = fakeEnvironment()): PreparedStack {
  return prepareStack(loadTemplate(body), env, options);
}

/** A one-resource template whose only job is to carry parameters, conditions and mappings for a test. */
export function templateWith(sections: string): Template {
  return loadTemplate(`${sections}\nResources:\n  Placeholder:\n    Type: AWS::CloudFormation::WaitConditionHandle\n`);
}

/** Asserts that `fn` throws a ServiceError with this code and exactly this message. */
export function assertRejects(fn: () => unknown, message: string, code = 'ValidationError'): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof Error, 'an Error');
    assert.equal((error as { code?: string }).code, code);
    assert.equal(error.message, message);
    return true;
  });
}
