import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { openFixture } from './fixture.js';
import { lambdaAlias, lambdaFunction, lambdaLayerVersion, lambdaLayerVersionPermission, lambdaPermission, lambdaVersion } from './lambda.js';

const f = openFixture();
after(() => f.dispose());

const ROLE = 'arn:aws:iam::123456789012:role/lambda-role';
const answering = (text: string) => `exports.handler = async () => ({ statusCode: 200, body: ${JSON.stringify(text)} });`;

async function invoke(name: string): Promise<unknown> {
  const out = await f.api('lambda', 'Invoke', { FunctionName: name, Payload: Buffer.from('{}') });
  return JSON.parse((out.Payload as Buffer).toString('utf8'));
}

async function configuration(name: string): Promise<Record<string, unknown>> {
  return f.api('lambda', 'GetFunctionConfiguration', { FunctionName: name });
}

test('Function: inline code zipped as index.js, configuration, tags and concurrency; updated in place; deleted (twice)', async () => {
  const props = {
    FunctionName: 'hello',
    Runtime: 'nodejs20.x',
    Handler: 'index.handler',
    Role: ROLE,
    Code: { ZipFile: answering('one') },
    Environment: { Variables: { STAGE: 'test' } },
    Timeout: '10',
    MemorySize: 256,
    Description: 'says hello',
    Tags: [{ Key: 'team', Value: 'api' }],
    ReservedConcurrentExecutions: 5,
    TracingConfig: { Mode: 'Active' },
  };
  const fn = await f.create(lambdaFunction, 'Fn', props);
  assert.equal(fn.physicalId, 'hello');
  assert.deepEqual(fn.attributes, { Arn: 'arn:aws:lambda:us-east-1:123456789012:function:hello' });

  const got = await f.api('lambda', 'GetFunction', { FunctionName: 'hello' });
  const c = got.Configuration as Record<string, unknown>;
  assert.deepEqual([c['Runtime'], c['Handler'], c['Timeout'], c['MemorySize'], c['Description'], c['Environment']], ['nodejs20.x', 'index.handler', 10, 256, 'says hello', { Variables: { STAGE: 'test' } }]);
  assert.deepEqual(got.Tags, { team: 'api' });
  assert.deepEqual(got.Concurrency, { ReservedConcurrentExecutions: 5 });
  assert.deepEqual(await invoke('hello'), { statusCode: 200, body: 'one' });

  const next = { ...props, Code: { ZipFile: answering('two') }, Environment: undefined, Timeout: 30, Tags: [{ Key: 'owner', Value: 'me' }], ReservedConcurrentExecutions: undefined };
  const updated = await lambdaFunction.update!(fn, props, next, f.ctx('Fn'));
  assert.equal(updated.physicalId, 'hello');
  const c2 = await configuration('hello');
  assert.equal(c2['Timeout'], 30);
  assert.deepEqual(c2['Environment'], { Variables: {} });
  const got2 = await f.api('lambda', 'GetFunction', { FunctionName: 'hello' });
  assert.deepEqual(got2.Tags, { owner: 'me' });
  assert.equal(got2.Concurrency, undefined);
  assert.deepEqual(await invoke('hello'), { statusCode: 200, body: 'two' });

  // The same source zips to the same package: an unchanged template changes no code.
  const sha = c2['CodeSha256'];
  await lambdaFunction.update!(updated, next, { ...next, Description: 'still hello' }, f.ctx('Fn'));
  assert.equal((await configuration('hello'))['CodeSha256'], sha);

  await lambdaFunction.delete(updated, next, f.ctx('Fn'));
  await assert.rejects(configuration('hello'), { name: 'ResourceNotFoundException' });
  await lambdaFunction.delete(updated, next, f.ctx('Fn'));
});

test('Function: a generated name, and the inline file named for the runtime (index.py)', async () => {
  const fn = await f.create(lambdaFunction, 'PythonFunction', { Runtime: 'python3.12', Handler: 'index.handler', Role: ROLE, Code: { ZipFile: 'def handler(event, context):\n    return "hi"\n' } });
  assert.match(fn.physicalId, /^private-api-tutorial-PythonFunction-[A-Za-z0-9]{12}$/);
  assert.ok(fn.physicalId.length <= 64);
  const key = (await f.api('lambda', 'GetFunction', { FunctionName: fn.physicalId })).Code as { Location: string };
  const sha = /-([0-9a-f]{64})\?/.exec(key.Location)![1]!;
  assert.deepEqual(Object.keys(unzipSync(readFileSync(f.host.zipPath(sha)))), ['index.py']);
  await lambdaFunction.delete(fn, {}, f.ctx('PythonFunction'));
});

test('Function: code Lambda cannot get fails as Lambda says, code Gatehouse cannot run fails clearly', async () => {
  const base = { Runtime: 'nodejs20.x', Handler: 'index.handler', Role: ROLE };
  await assert.rejects(f.create(lambdaFunction, 'S3', { ...base, Code: { S3Bucket: 'no-such-bucket', S3Key: 'k.zip' } }), {
    name: 'InvalidParameterValueException',
    message: 'Error occurred while GetObject. S3 Error Code: NoSuchBucket. S3 Error Message: The specified bucket does not exist',
  });
  await assert.rejects(f.create(lambdaFunction, 'Image', { Role: ROLE, PackageType: 'Image', Code: { ImageUri: '123456789012.dkr.ecr.us-east-1.amazonaws.com/app:latest' } }), /not container images/);
  await assert.rejects(f.create(lambdaFunction, 'Java', { ...base, Runtime: 'java21', Code: { ZipFile: 'class X {}' } }), { message: 'Properties validation failed for resource Java with message: #/Code/ZipFile: inline code can only be used with a Node.js or Python runtime, not java21' });
  await assert.rejects(f.create(lambdaFunction, 'NoRole', { Runtime: 'nodejs20.x', Code: { ZipFile: 'x' } }), { message: 'Properties validation failed for resource NoRole with message: #: required key [Role] not found' });
});

/** Puts `body` into S3 as a client would (the bucket made first if need be). */
async function putObject(bucket: string, key: string, body: Uint8Array): Promise<void> {
  await f.api('s3', 'CreateBucket', { Bucket: bucket }).catch(() => undefined);
  await f.api('s3', 'PutObject', { Bucket: bucket, Key: key, Body: Readable.from([Buffer.from(body)]) });
}

test('Function and LayerVersion from S3: the object is read as Lambda reads it; a missing key fails with its words', async () => {
  const code = zipSync({ 'app.js': strToU8(answering('from S3')) });
  const layerZip = zipSync({ 'nodejs/node_modules/s3greet/index.js': strToU8('exports.hi = () => "hi from an S3 layer";') });
  await putObject('artifacts', 'fn/code.zip', code);
  await putObject('artifacts', 'layers/greet.zip', layerZip);
  const layer = await f.create(lambdaLayerVersion, 'S3Layer', { Content: { S3Bucket: 'artifacts', S3Key: 'layers/greet.zip' }, CompatibleRuntimes: ['nodejs20.x'] });
  assert.match(layer.physicalId, /^arn:aws:lambda:us-east-1:123456789012:layer:private-api-tutorial-S3Layer-[A-Za-z0-9]{12}:1$/);
  assert.deepEqual(layer.attributes, { LayerVersionArn: layer.physicalId });
  const props = { FunctionName: 'from-s3', Runtime: 'nodejs20.x', Handler: 'app.handler', Role: ROLE, Code: { S3Bucket: 'artifacts', S3Key: 'fn/code.zip' }, Layers: [layer.physicalId] };
  const fn = await f.create(lambdaFunction, 'FromS3', props);
  assert.deepEqual(await invoke('from-s3'), { statusCode: 200, body: 'from S3' });
  assert.equal((await configuration('from-s3'))['CodeSize'], code.length);

  const next = zipSync({ 'app.js': strToU8('exports.handler = async () => require("s3greet").hi();') });
  await putObject('artifacts', 'fn/code-2.zip', next);
  await lambdaFunction.update!(fn, props, { ...props, Code: { S3Bucket: 'artifacts', S3Key: 'fn/code-2.zip' } }, f.ctx('FromS3'));
  assert.equal(await invoke('from-s3'), 'hi from an S3 layer');
  await assert.rejects(f.create(lambdaLayerVersion, 'Missing', { Content: { S3Bucket: 'artifacts', S3Key: 'nope.zip' } }), {
    name: 'InvalidParameterValueException',
    message: 'Error occurred while GetObject. S3 Error Code: NoSuchKey. S3 Error Message: The specified key does not exist.',
  });
  await lambdaFunction.delete(fn, {}, f.ctx('FromS3'));
  await lambdaLayerVersion.delete(layer, {}, f.ctx('S3Layer'));
  await lambdaLayerVersion.delete(layer, {}, f.ctx('S3Layer'));
  await assert.rejects(f.api('lambda', 'GetLayerVersionByArn', { Arn: layer.physicalId }), { name: 'ResourceNotFoundException' });
});

test('LayerVersionPermission shares a published version; a Function uses layers', async () => {
  await assert.rejects(f.create(lambdaLayerVersion, 'Inline', { Content: { ZipFile: 'x' } }), /extraneous key \[ZipFile\]/);
  const layer = zipSync({ 'nodejs/node_modules/greet/index.js': strToU8('exports.hi = () => "hi";') });
  const published = await f.api('lambda', 'PublishLayerVersion', { LayerName: 'deps', Content: { ZipFile: Buffer.from(layer) } });
  const arn = published.LayerVersionArn as string;
  const permission = await f.create(lambdaLayerVersionPermission, 'Share', { LayerVersionArn: arn, Action: 'lambda:GetLayerVersion', Principal: '*' });
  assert.match(permission.physicalId, /^arn:aws:lambda:us-east-1:123456789012:layer:deps:1#private-api-tutorial-Share-[A-Za-z0-9]{12}$/);
  const policy = await f.api('lambda', 'GetLayerVersionPolicy', { LayerName: 'deps', VersionNumber: 1 });
  assert.equal(JSON.parse(policy.Policy as string).Statement[0].Principal, '*');
  await lambdaLayerVersionPermission.delete(permission, {}, f.ctx('Share'));
  await lambdaLayerVersionPermission.delete(permission, {}, f.ctx('Share'));

  const props = { FunctionName: 'layered', Runtime: 'nodejs20.x', Handler: 'index.handler', Role: ROLE, Code: { ZipFile: 'exports.handler = async () => require("greet").hi();' }, Layers: [arn] };
  const fn = await f.create(lambdaFunction, 'Layered', props);
  assert.deepEqual((await configuration('layered'))['Layers'], [{ Arn: arn, CodeSize: layer.length }]);
  assert.equal(await invoke('layered'), 'hi');
  await lambdaFunction.update!(fn, props, { ...props, Layers: undefined }, f.ctx('Layered'));
  assert.equal((await configuration('layered'))['Layers'], undefined);
  await lambdaFunction.delete(fn, {}, f.ctx('Layered'));
});

test('Permission, Version, Alias: Ref and GetAtt forms, in place updates, removal', async () => {
  const fn = await f.create(lambdaFunction, 'Target', { FunctionName: 'target', Runtime: 'nodejs20.x', Handler: 'index.handler', Role: ROLE, Code: { ZipFile: answering('v1') } });
  const permissionProps = { FunctionName: fn.attributes['Arn'], Action: 'lambda:InvokeFunction', Principal: 'apigateway.amazonaws.com', SourceArn: 'arn:aws:execute-api:us-east-1:123456789012:abcdef1234/*/GET/' };
  const permission = await f.create(lambdaPermission, 'Permission', permissionProps);
  assert.match(permission.physicalId, /^private-api-tutorial-Permission-[A-Za-z0-9]{12}$/);
  assert.deepEqual(permission.attributes, { Id: permission.physicalId });
  assert.equal(lambdaPermission.update, undefined, 'every change replaces a permission');
  const policy = JSON.parse((await f.api('lambda', 'GetPolicy', { FunctionName: 'target' })).Policy as string) as { Statement: Array<{ Sid: string; Condition: unknown }> };
  assert.deepEqual(policy.Statement.map((s) => [s.Sid, s.Condition]), [[permission.physicalId, { ArnLike: { 'AWS:SourceArn': permissionProps.SourceArn } }]]);
  await lambdaPermission.delete(permission, permissionProps, f.ctx('Permission'));
  await assert.rejects(f.api('lambda', 'GetPolicy', { FunctionName: 'target' }), { name: 'ResourceNotFoundException' });
  await lambdaPermission.delete(permission, permissionProps, f.ctx('Permission'));

  await assert.rejects(f.create(lambdaVersion, 'Version1', { FunctionName: { Ref: 'Target' } }), { message: 'Properties validation failed for resource Version1 with message: #/FunctionName: expected type: String, found: JSONObject' });
  const version = await f.create(lambdaVersion, 'Version', { FunctionName: 'target', Description: 'first' });
  assert.equal(version.physicalId, 'arn:aws:lambda:us-east-1:123456789012:function:target:1');
  assert.deepEqual(version.attributes, { Version: '1', FunctionArn: version.physicalId });

  const alias = await f.create(lambdaAlias, 'Live', { FunctionName: 'target', FunctionVersion: version.attributes['Version'], Name: 'live' });
  assert.equal(alias.physicalId, 'arn:aws:lambda:us-east-1:123456789012:function:target:live');
  assert.deepEqual(alias.attributes, { AliasArn: alias.physicalId });
  await lambdaAlias.update!(alias, {}, { FunctionName: 'target', FunctionVersion: '$LATEST', Name: 'live', Description: 'follows latest' }, f.ctx('Live'));
  const got = await f.api('lambda', 'GetAlias', { FunctionName: 'target', Name: 'live' });
  assert.deepEqual([got.FunctionVersion, got.Description], ['$LATEST', 'follows latest']);
  assert.deepEqual(await invoke(alias.physicalId), { statusCode: 200, body: 'v1' });

  await lambdaAlias.delete(alias, {}, f.ctx('Live'));
  await assert.rejects(f.api('lambda', 'GetAlias', { FunctionName: 'target', Name: 'live' }), { name: 'ResourceNotFoundException' });
  await lambdaVersion.delete(version, {}, f.ctx('Version'));
  assert.deepEqual(((await f.api('lambda', 'ListVersionsByFunction', { FunctionName: 'target' })).Versions as Array<{ Version: string }>).map((v) => v.Version), ['$LATEST']);
  await lambdaVersion.delete(version, {}, f.ctx('Version'));
  await lambdaAlias.delete(alias, {}, f.ctx('Live'));
  await lambdaFunction.delete(fn, {}, f.ctx('Target'));
});
