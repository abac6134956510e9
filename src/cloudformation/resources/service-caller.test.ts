import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { ServiceError } from '../../shared/errors.js';
import { ec2 } from '../../services/ec2/index.js';
import { openSqliteStore } from '../../store/sqlite/sqlite-store.js';
import { failureReason } from './errors.js';
import { SCOPE, STACK, openFixture } from './fixture.js';
import { ServiceCaller, generatedName, resourceContext } from './service-caller.js';

const f = openFixture();
after(() => f.dispose());

test('an operation runs as the API runs it, and the commit listener hears of it afterwards', async () => {
  const out = await f.api('ec2', 'CreateVpc', { CidrBlock: '10.9.0.0/16' });
  const vpcId = (out.Vpc as { VpcId: string }).VpcId;
  assert.match(vpcId, /^vpc-[0-9a-f]{17}$/);
  assert.deepEqual(f.commits.at(-1), ['ec2', 'CreateVpc']);
  const described = await f.api('ec2', 'DescribeVpcs', { VpcIds: [vpcId] });
  assert.equal((described.Vpcs as Array<{ CidrBlock: string }>)[0]!.CidrBlock, '10.9.0.0/16');
  // A void operation answers an empty object.
  assert.deepEqual(await f.api('ec2', 'DeleteVpc', { VpcId: vpcId }), {});
});

test("a refused operation rejects with the API's ServiceError, stores nothing, and is worded as CloudFormation words it", async () => {
  const before = f.commits.length;
  const error = await f.api('ec2', 'CreateVpc', { CidrBlock: '10.0.0.0/8' }).then(
    () => assert.fail('expected a refusal'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof ServiceError);
  assert.equal(error.code, 'InvalidVpc.Range');
  assert.equal(f.commits.length, before, 'no commit for a refused operation');
  assert.match(
    failureReason(error),
    /^Resource handler returned message: "The CIDR '10\.0\.0\.0\/8' is invalid\. \(Service: Ec2, Status Code: 400, Request ID: [0-9a-f-]{36}\)" \(HandlerErrorCode: InvalidRequest\)$/,
  );
});

test('unknown operations and services are refused clearly', async () => {
  const store = openSqliteStore(':memory:');
  try {
    const caller = new ServiceCaller({ store, services: [ec2] });
    await assert.rejects(caller.call(SCOPE, 'ec2', 'CreateNatGateway', {}), { name: 'NotImplementedException', message: 'Gatehouse does not implement the ec2 operation CreateNatGateway yet.' });
    await assert.rejects(caller.call(SCOPE, 'ssm', 'PutParameter', {}), { name: 'NotImplementedException', message: 'Gatehouse has no ssm service yet.' });
    assert.equal(caller.has('ec2', 'CreateVpc'), true);
    assert.equal(caller.has('ssm', 'PutParameter'), false);
  } finally {
    store.close();
  }
});

test('generated names: {stack}-{logicalId}-{12 random characters}, cut to the maximum with the suffix kept', () => {
  assert.match(generatedName('private-api-tutorial', 'LambdaFunction', 64), /^private-api-tutorial-LambdaFunction-[A-Za-z0-9]{12}$/);
  const long = generatedName('a-very-long-stack-name-for-a-private-api-tutorial', 'TheLambdaFunctionThatAnswersHello', 64, 'ABCDEFGHIJKL');
  assert.equal(long.length, 64);
  assert.equal(long, 'a-very-long-stack-name-fo-TheLambdaFunctionThatAnsw-ABCDEFGHIJKL');
  // A short logical id leaves its room to the stack name.
  assert.equal(generatedName('a-very-long-stack-name-for-a-private-api-tutorial-with-more', 'Fn', 40, 'ABCDEFGHIJKL'), 'a-very-long-stack-name-f-Fn-ABCDEFGHIJKL');
  const ctx = resourceContext(f.caller, { scope: SCOPE, stackName: STACK, stackId: 'x', logicalId: 'Role' });
  assert.match(ctx.physicalName(64), /^private-api-tutorial-Role-[A-Za-z0-9]{12}$/);
  assert.notEqual(ctx.physicalName(), ctx.physicalName(), 'each name is new');
});
