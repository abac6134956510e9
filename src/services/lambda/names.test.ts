import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ServiceError } from '../../shared/errors.js';
import { lambdaFunctionArn } from '../../shared/arns.js';
import { lastModified, parseFunctionName } from './names.js';

const scope = { account: '123456789012', region: 'us-east-1' };

test('names, partial ARNs and full ARNs, with and without qualifiers', () => {
  assert.deepEqual(parseFunctionName(scope, 'my-fn'), { name: 'my-fn' });
  assert.deepEqual(parseFunctionName(scope, 'my-fn:live'), { name: 'my-fn', qualifier: 'live' });
  assert.deepEqual(parseFunctionName(scope, '123456789012:function:my-fn'), { name: 'my-fn' });
  assert.deepEqual(parseFunctionName(scope, 'arn:aws:lambda:us-east-1:123456789012:function:my-fn:$LATEST'), { name: 'my-fn', qualifier: '$LATEST' });
  assert.deepEqual(parseFunctionName(scope, 'arn:aws:lambda:us-east-1:123456789012:function:my-fn', '3'), { name: 'my-fn', qualifier: '3' });
});

test("Lambda's answers for names it refuses", () => {
  const code = (f: () => unknown): string => {
    try {
      f();
    } catch (e) {
      return `${(e as ServiceError).code}: ${(e as ServiceError).message}`;
    }
    return 'accepted';
  };
  assert.equal(code(() => parseFunctionName(scope, 'my-fn:1', '2')), 'InvalidParameterValueException: The derived qualifier from the function name does not match the specified qualifier.');
  assert.equal(code(() => parseFunctionName(scope, 'arn:aws:lambda:ap-southeast-1:123456789012:function:f')), "ResourceNotFoundException: Functions from 'ap-southeast-1' are not reachable in this region ('us-east-1')");
  assert.match(code(() => parseFunctionName(scope, 'bad name')), /^ValidationException: 1 validation error detected: Value 'bad name' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern/);
  assert.match(code(() => parseFunctionName(scope, 'a'.repeat(65))), /^InvalidParameterValueException: .*Member must have length less than or equal to 64$/);
});

test('ARNs and LastModified', () => {
  assert.equal(lambdaFunctionArn(scope, 'f'), 'arn:aws:lambda:us-east-1:123456789012:function:f');
  assert.equal(lambdaFunctionArn(scope, 'f', 'live'), 'arn:aws:lambda:us-east-1:123456789012:function:f:live');
  assert.equal(lastModified(new Date('2024-01-01T00:00:00.123Z')), '2024-01-01T00:00:00.123+0000');
});
