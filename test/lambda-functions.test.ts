/**
 * Lambda end to end with the AWS SDK v3: functions created from zips made here run for real in their own
 * processes; errors, timeouts, crashes, versions, aliases, permissions and concurrency behave as on Lambda.
 */
import {
  AddPermissionCommand, CreateAliasCommand, CreateFunctionCommand, DeleteFunctionCommand, GetFunctionCommand, GetFunctionConfigurationCommand,
  GetPolicyCommand, InvokeCommand, ListFunctionsCommand, ListVersionsByFunctionCommand, PublishVersionCommand, PutFunctionConcurrencyCommand,
  RemovePermissionCommand, UpdateFunctionCodeCommand, UpdateFunctionConfigurationCommand, type LambdaClient,
} from '@aws-sdk/client-lambda';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decode, lambdaClient, ROLE, zipOf } from './support/lambda.js';
import { awsError, sigv4Header, withGatehouseClient } from './support/server.js';

let client: LambdaClient;
withGatehouseClient((g) => lambdaClient(g), (_gh, c) => {
  client = c;
});

let n = 0;
async function create(files: Record<string, string>, extra: Partial<ConstructorParameters<typeof CreateFunctionCommand>[0]> = {}): Promise<string> {
  const FunctionName = `fn-${++n}`;
  await client.send(new CreateFunctionCommand({ FunctionName, Runtime: 'nodejs20.x', Role: ROLE, Handler: 'index.handler', Code: { ZipFile: zipOf(files) }, ...extra }));
  return FunctionName;
}

const HELLO = { 'index.js': 'exports.handler = async (event) => ({ statusCode: 200, body: "Hello from Lambda!", got: event });' };

describe('create, get, invoke', () => {
  it('CreateFunction answers Pending, Get shows Active, Invoke runs the handler', async () => {
    const helloZip = zipOf(HELLO);
    const created = await client.send(new CreateFunctionCommand({ FunctionName: 'hello', Runtime: 'nodejs20.x', Role: ROLE, Handler: 'index.handler', Code: { ZipFile: helloZip } }));
    assert.equal(created.$metadata.httpStatusCode, 201);
    assert.equal(created.State, 'Pending');
    assert.equal(created.StateReasonCode, 'Creating');
    assert.equal(created.FunctionArn, 'arn:aws:lambda:us-east-1:000000000000:function:hello');
    assert.equal(created.Timeout, 3);
    assert.equal(created.MemorySize, 128);
    assert.match(created.CodeSha256!, /^[A-Za-z0-9+/]{43}=$/);
    assert.match(created.LastModified!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
    const config = await client.send(new GetFunctionConfigurationCommand({ FunctionName: 'hello' }));
    assert.equal(config.State, 'Active');
    assert.equal(config.LastUpdateStatus, 'Successful');
    const fn = await client.send(new GetFunctionCommand({ FunctionName: 'hello' }));
    assert.equal(fn.Code?.RepositoryType, 'S3');
    const zip = await fetch(fn.Code!.Location!);
    assert.equal(zip.status, 200);
    assert.equal(Buffer.from(await zip.arrayBuffer()).equals(helloZip), true, 'the Code location serves the package');
    // As Lambda's: a presigned S3 URL (10 minutes) to Lambda's own bucket, which nothing else opens.
    const location = new URL(fn.Code!.Location!);
    assert.match(location.pathname, /^\/awslambda-us-east-1-tasks\/snapshots\/000000000000\/hello-[0-9a-f]{64}$/);
    assert.deepEqual([...location.searchParams.keys()], ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Date', 'X-Amz-Expires', 'X-Amz-SignedHeaders', 'X-Amz-Signature']);
    assert.equal(location.searchParams.get('X-Amz-Expires'), '600');
    const other = new URL(location);
    other.searchParams.set('X-Amz-Expires', '3600');
    assert.equal((await fetch(other)).status, 403, 'an altered link is refused');
    const signedByCaller = await fetch(`${location.origin}${location.pathname}`, { headers: { authorization: sigv4Header('s3'), 'x-amz-date': '20261206T000000Z' } });
    assert.equal(signedByCaller.status, 403, 'the bucket opens to the link only');

    const result = await client.send(new InvokeCommand({ FunctionName: 'hello', Payload: Buffer.from('{"a":1}'), LogType: 'Tail' }));
    assert.equal(result.StatusCode, 200);
    assert.equal(result.FunctionError, undefined);
    assert.equal(result.ExecutedVersion, '$LATEST');
    assert.deepEqual(decode(result.Payload), { statusCode: 200, body: 'Hello from Lambda!', got: { a: 1 } });
    const log = Buffer.from(result.LogResult!, 'base64').toString('utf8');
    assert.match(log, /^START RequestId: [0-9a-f-]{36} Version: \$LATEST\n/);
    assert.match(log, /\nREPORT RequestId: [0-9a-f-]{36}\tDuration: [\d.]+ ms\tBilled Duration: \d+ ms\tMemory Size: 128 MB\tMax Memory Used: \d+ MB\tInit Duration: [\d.]+ ms\t\n$/);
  });

  it('Function already exist, not found, and validation answers', async () => {
    assert.deepEqual(await awsError(client.send(new CreateFunctionCommand({ FunctionName: 'hello', Runtime: 'nodejs20.x', Role: ROLE, Handler: 'index.handler', Code: { ZipFile: zipOf(HELLO) } }))), {
      name: 'ResourceConflictException', status: 409, message: 'Function already exist: hello',
    });
    assert.deepEqual(await awsError(client.send(new GetFunctionCommand({ FunctionName: 'nope' }))), {
      name: 'ResourceNotFoundException', status: 404, message: 'Function not found: arn:aws:lambda:us-east-1:000000000000:function:nope',
    });
    assert.deepEqual(await awsError(client.send(new CreateFunctionCommand({ FunctionName: 'bad-role', Runtime: 'nodejs20.x', Role: 'r1', Handler: 'index.handler', Code: { ZipFile: zipOf(HELLO) } }))), {
      name: 'ValidationException', status: 400,
      message: "1 validation error detected: Value 'r1' at 'role' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+",
    });
    assert.deepEqual(await awsError(client.send(new CreateFunctionCommand({ FunctionName: 'slow', Runtime: 'nodejs20.x', Role: ROLE, Handler: 'index.handler', Timeout: 1200, Code: { ZipFile: zipOf(HELLO) } }))), {
      name: 'ValidationException', status: 400, message: "1 validation error detected: Value '1200' at 'timeout' failed to satisfy constraint: Member must have value less than or equal to 900",
    });
    assert.deepEqual(await awsError(client.send(new CreateFunctionCommand({ FunctionName: 'old', Runtime: 'nodejs14.x', Role: ROLE, Handler: 'index.handler', Code: { ZipFile: zipOf(HELLO) } }))), {
      name: 'InvalidParameterValueException', status: 400,
      message: 'The runtime parameter of nodejs14.x is no longer supported for creating or updating AWS Lambda functions. We recommend you use the new runtime (nodejs20.x) while creating or updating functions.',
    });
    assert.deepEqual(await awsError(client.send(new CreateFunctionCommand({ FunctionName: 'notzip', Runtime: 'nodejs20.x', Role: ROLE, Handler: 'index.handler', Code: { ZipFile: Buffer.from('not a zip') } }))), {
      name: 'InvalidParameterValueException', status: 400, message: 'Could not unzip uploaded file. Please check your file, then try to upload again.',
    });
    const list = await client.send(new ListFunctionsCommand({}));
    assert.ok(list.Functions!.some((f) => f.FunctionName === 'hello'));
    assert.ok(!list.Functions!.some((f) => f.FunctionName === 'notzip'), 'a refused create stores nothing');
  });

  it('ESM handlers in nested folders, and update code shows new behaviour', async () => {
    const name = await create({ 'src/app.mjs': 'export const main = async () => "v1";' }, { Handler: 'src/app.main' });
    assert.deepEqual(decode((await client.send(new InvokeCommand({ FunctionName: name }))).Payload), 'v1');
    await client.send(new UpdateFunctionCodeCommand({ FunctionName: name, ZipFile: zipOf({ 'src/app.mjs': 'export const main = async () => "v2";' }) }));
    assert.deepEqual(decode((await client.send(new InvokeCommand({ FunctionName: name }))).Payload), 'v2');
    await client.send(new UpdateFunctionConfigurationCommand({ FunctionName: name, Environment: { Variables: { MODE: 'x' } }, Handler: 'src/app.main' }));
    const config = await client.send(new GetFunctionConfigurationCommand({ FunctionName: name }));
    assert.deepEqual(config.Environment, { Variables: { MODE: 'x' } });
  });
});

describe('failures get Lambda answers, and the next invocation works', () => {
  const cases: Array<[string, string, (p: Record<string, unknown>) => void]> = [
    ['a handler that throws', 'exports.handler = async (e) => { if (e.fail) throw new TypeError("broken"); return "ok"; };', (p) => {
      assert.equal(p['errorType'], 'TypeError');
      assert.equal(p['errorMessage'], 'broken');
    }],
    ['a handler that calls process.exit', 'exports.handler = async (e) => { if (e.fail) process.exit(1); return "ok"; };', (p) => {
      assert.equal(p['errorType'], 'Runtime.ExitError');
      assert.match(String(p['errorMessage']), /^RequestId: [0-9a-f-]{36} Error: Runtime exited with error: exit status 1$/);
    }],
    ['a handler that allocates past its memory', 'exports.handler = async (e) => { if (e.fail) { const a = []; for (;;) a.push(new Array(1e6).fill(1)); } return "ok"; };', (p) => {
      assert.equal(p['errorType'], 'Runtime.ExitError');
      assert.match(String(p['errorMessage']), /Runtime exited with error: (signal: aborted \(core dumped\)|signal: killed|exit status \d+)/);
    }],
  ];
  for (const [name, code, check] of cases) {
    it(name, async () => {
      const fn = await create({ 'index.js': code }, { Timeout: 10 });
      const failed = await client.send(new InvokeCommand({ FunctionName: fn, Payload: Buffer.from('{"fail":true}') }));
      assert.equal(failed.StatusCode, 200);
      assert.equal(failed.FunctionError, 'Unhandled');
      check(decode(failed.Payload) as Record<string, unknown>);
      const ok = await client.send(new InvokeCommand({ FunctionName: fn, Payload: Buffer.from('{}') }));
      assert.equal(ok.FunctionError, undefined);
      assert.deepEqual(decode(ok.Payload), 'ok');
    });
  }

  it('a handler that times out', async () => {
    const fn = await create({ 'index.js': 'exports.handler = async (e) => { if (e.hang) await new Promise(() => {}); return "ok"; };' }, { Timeout: 1 });
    const failed = await client.send(new InvokeCommand({ FunctionName: fn, Payload: Buffer.from('{"hang":true}') }));
    assert.equal(failed.FunctionError, 'Unhandled');
    const p = decode(failed.Payload) as Record<string, unknown>;
    assert.equal(p['errorType'], 'Sandbox.Timedout');
    assert.match(String(p['errorMessage']), /^RequestId: [0-9a-f-]{36} Error: Task timed out after 1\.00 seconds$/);
    assert.deepEqual(decode((await client.send(new InvokeCommand({ FunctionName: fn, Payload: Buffer.from('{}') }))).Payload), 'ok');
  });

  it('a syntax error is an init error, reported on every invocation until fixed', async () => {
    const fn = await create({ 'index.js': 'exports.handler = async () => {' });
    for (let i = 0; i < 2; i++) {
      const failed = await client.send(new InvokeCommand({ FunctionName: fn }));
      assert.equal(failed.FunctionError, 'Unhandled');
      assert.equal((decode(failed.Payload) as Record<string, unknown>)['errorType'], 'Runtime.UserCodeSyntaxError');
    }
    await client.send(new UpdateFunctionCodeCommand({ FunctionName: fn, ZipFile: zipOf({ 'index.js': 'exports.handler = async () => "fixed";' }) }));
    assert.deepEqual(decode((await client.send(new InvokeCommand({ FunctionName: fn }))).Payload), 'fixed');
  });
});

describe('versions, aliases, permissions, concurrency', () => {
  it('publishes a version and an alias, and invokes both', async () => {
    const fn = await create({ 'index.js': 'exports.handler = async (e, c) => ({ v: process.env.AWS_LAMBDA_FUNCTION_VERSION, arn: c.invokedFunctionArn });' });
    const v1 = await client.send(new PublishVersionCommand({ FunctionName: fn }));
    assert.equal(v1.$metadata.httpStatusCode, 201);
    assert.equal(v1.Version, '1');
    assert.equal(v1.FunctionArn, `arn:aws:lambda:us-east-1:000000000000:function:${fn}:1`);
    const again = await client.send(new PublishVersionCommand({ FunctionName: fn }));
    assert.equal(again.Version, '1', 'nothing changed: the same version comes back');
    const alias = await client.send(new CreateAliasCommand({ FunctionName: fn, Name: 'live', FunctionVersion: '1' }));
    assert.deepEqual({ ...alias, $metadata: undefined, RevisionId: undefined }, { $metadata: undefined, RevisionId: undefined, AliasArn: `arn:aws:lambda:us-east-1:000000000000:function:${fn}:live`, Name: 'live', FunctionVersion: '1', Description: '' });
    const byVersion = await client.send(new InvokeCommand({ FunctionName: fn, Qualifier: '1' }));
    assert.equal(byVersion.ExecutedVersion, '1');
    assert.deepEqual(decode(byVersion.Payload), { v: '1', arn: `arn:aws:lambda:us-east-1:000000000000:function:${fn}:1` });
    const byAlias = await client.send(new InvokeCommand({ FunctionName: `${fn}:live` }));
    assert.equal(byAlias.ExecutedVersion, '1');
    assert.deepEqual(decode(byAlias.Payload), { v: '1', arn: `arn:aws:lambda:us-east-1:000000000000:function:${fn}:live` });
    const versions = await client.send(new ListVersionsByFunctionCommand({ FunctionName: fn }));
    assert.deepEqual(versions.Versions!.map((v) => v.Version), ['$LATEST', '1']);
    assert.deepEqual(await awsError(client.send(new InvokeCommand({ FunctionName: fn, Qualifier: '7' }))), {
      name: 'ResourceNotFoundException', status: 404, message: `Function not found: arn:aws:lambda:us-east-1:000000000000:function:${fn}:7`,
    });
  });

  it('AddPermission / GetPolicy / RemovePermission', async () => {
    const fn = await create(HELLO);
    const sourceArn = 'arn:aws:execute-api:us-east-1:000000000000:abcdef1234/*/GET/';
    const added = await client.send(new AddPermissionCommand({ FunctionName: fn, StatementId: 'apigw', Action: 'lambda:InvokeFunction', Principal: 'apigateway.amazonaws.com', SourceArn: sourceArn }));
    assert.equal(added.$metadata.httpStatusCode, 201);
    assert.equal(added.Statement, `{"Sid":"apigw","Effect":"Allow","Principal":{"Service":"apigateway.amazonaws.com"},"Action":"lambda:InvokeFunction","Resource":"arn:aws:lambda:us-east-1:000000000000:function:${fn}","Condition":{"ArnLike":{"AWS:SourceArn":"${sourceArn}"}}}`);
    assert.deepEqual(await awsError(client.send(new AddPermissionCommand({ FunctionName: fn, StatementId: 'apigw', Action: 'lambda:InvokeFunction', Principal: 'apigateway.amazonaws.com' }))), {
      name: 'ResourceConflictException', status: 409, message: 'The statement id (apigw) provided already exists. Please provide a new statement id, or remove the existing statement.',
    });
    const policy = await client.send(new GetPolicyCommand({ FunctionName: fn }));
    assert.deepEqual(JSON.parse(policy.Policy!), { Version: '2012-10-17', Id: 'default', Statement: [JSON.parse(added.Statement!)] });
    await client.send(new RemovePermissionCommand({ FunctionName: fn, StatementId: 'apigw' }));
    assert.deepEqual(await awsError(client.send(new GetPolicyCommand({ FunctionName: fn }))), { name: 'ResourceNotFoundException', status: 404, message: 'The resource you requested does not exist.' });
  });

  it('20 parallel invocations of a 200 ms handler use several environments; concurrency 1 throttles', async () => {
    const fn = await create({ 'index.js': 'exports.handler = async () => { await new Promise((r) => setTimeout(r, 200)); return process.pid; };' });
    const started = Date.now();
    const results = await Promise.all(Array.from({ length: 20 }, () => client.send(new InvokeCommand({ FunctionName: fn }))));
    const elapsed = Date.now() - started;
    const pids = new Set(results.map((r) => decode(r.Payload)));
    assert.ok(pids.size > 1, 'several environments');
    assert.ok(elapsed < 20 * 200, `took ${elapsed} ms`);

    const single = await create({ 'index.js': 'exports.handler = async () => { await new Promise((r) => setTimeout(r, 300)); return "done"; };' });
    await client.send(new PutFunctionConcurrencyCommand({ FunctionName: single, ReservedConcurrentExecutions: 1 }));
    const outcomes = await Promise.allSettled([client.send(new InvokeCommand({ FunctionName: single })), client.send(new InvokeCommand({ FunctionName: single }))]);
    const rejected = outcomes.filter((o) => o.status === 'rejected');
    assert.equal(rejected.length, 1);
    const error = (rejected[0] as PromiseRejectedResult).reason as { name: string; message: string; $metadata: { httpStatusCode: number } };
    assert.deepEqual([error.name, error.$metadata.httpStatusCode, error.message], ['TooManyRequestsException', 429, 'Rate Exceeded.']);
  });

  it('DeleteFunction removes it', async () => {
    const fn = await create(HELLO);
    const deleted = await client.send(new DeleteFunctionCommand({ FunctionName: fn }));
    assert.equal(deleted.$metadata.httpStatusCode, 204);
    assert.equal((await awsError(client.send(new InvokeCommand({ FunctionName: fn })))).name, 'ResourceNotFoundException');
  });
});
