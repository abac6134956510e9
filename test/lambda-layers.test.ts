/**
 * Lambda layers end to end: the AWS CLI v2 publishes, reads, lists, shares and deletes layer versions; with
 * the SDK v3 a Node function requires a module from a layer and runs a layer's `bin/` tool from PATH, two
 * layers override a file in order, an ES module handler imports a layer package, Lambda's errors come back with its exact texts and leave nothing behind,
 * and a CloudFormation stack publishes a layer from S3 for a Python function whose code is in S3 too.
 */
import { CloudFormationClient, CreateStackCommand, DescribeStacksCommand, waitUntilStackCreateComplete } from '@aws-sdk/client-cloudformation';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateFunctionCommand, GetFunctionConfigurationCommand, InvokeCommand, ListFunctionsCommand, PublishLayerVersionCommand, UpdateFunctionConfigurationCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Gatehouse } from '../src/server/gatehouse.js';
import { decode, lambdaClient, ROLE, zipOf } from './support/lambda.js';
import { awsCli, awsCliError, credentials, expectError, REGION, startTestGatehouse } from './support/server.js';

const LAYER_ARN = 'arn:aws:lambda:us-east-1:000000000000:layer';
let gh: Gatehouse;
let client: LambdaClient;
let dir: string;
before(async () => {
  gh = await startTestGatehouse();
  client = lambdaClient(gh);
  dir = mkdtempSync(join(tmpdir(), 'gatehouse-layers-'));
});
after(async () => {
  client.destroy();
  await gh.dispose();
});

function zipFile(name: string, zip: Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, zip);
  return `fileb://${path}`;
}

async function publish(name: string, files: Record<string, string>): Promise<string> {
  const out = await client.send(new PublishLayerVersionCommand({ LayerName: name, Content: { ZipFile: zipOf(files) } }));
  return out.LayerVersionArn!;
}

async function invoke(name: string): Promise<unknown> {
  const out = await client.send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from('{}') }));
  assert.equal(out.FunctionError, undefined, Buffer.from(out.Payload ?? []).toString());
  return decode(out.Payload);
}

describe('the AWS CLI v2', () => {
  it('publish, get, get by ARN, list, share, delete', async () => {
    const archive = zipOf({ 'nodejs/node_modules/greet/index.js': 'exports.greet = (n) => `hello ${n}`;' });
    const published = (await awsCli(gh, ['lambda', 'publish-layer-version', '--layer-name', 'greet', '--description', 'greetings', '--license-info', 'MIT',
      '--compatible-runtimes', 'nodejs20.x', 'nodejs22.x', '--compatible-architectures', 'x86_64', '--zip-file', zipFile('greet.zip', archive)])).json as Record<string, unknown>;
    const content = published['Content'] as Record<string, unknown>;
    assert.deepEqual(Object.keys(published).sort(), ['CompatibleArchitectures', 'CompatibleRuntimes', 'Content', 'CreatedDate', 'Description', 'LayerArn', 'LayerVersionArn', 'LicenseInfo', 'Version']);
    assert.deepEqual([published['LayerArn'], published['LayerVersionArn'], published['Version'], published['CompatibleRuntimes']], [`${LAYER_ARN}:greet`, `${LAYER_ARN}:greet:1`, 1, ['nodejs20.x', 'nodejs22.x']]);
    assert.match(published['CreatedDate'] as string, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
    assert.equal(content['CodeSize'], archive.length);
    assert.match(content['CodeSha256'] as string, /^[A-Za-z0-9+/]{43}=$/);
    const downloaded = await fetch(content['Location'] as string);
    assert.equal(Buffer.from(await downloaded.arrayBuffer()).equals(archive), true, 'Content.Location serves the archive');

    // Each answer presigns its own Content.Location (as Lambda's do): the rest is the same.
    const withoutLocation = (v: unknown) => {
      const { Content: { Location: _presigned, ...content }, ...rest } = v as { Content: Record<string, unknown> };
      return { ...rest, Content: content };
    };
    const got = (await awsCli(gh, ['lambda', 'get-layer-version', '--layer-name', 'greet', '--version-number', '1'])).json;
    assert.deepEqual(withoutLocation(got), withoutLocation(published));
    assert.deepEqual(withoutLocation((await awsCli(gh, ['lambda', 'get-layer-version-by-arn', '--arn', `${LAYER_ARN}:greet:1`])).json), withoutLocation(published));
    await awsCli(gh, ['lambda', 'publish-layer-version', '--layer-name', 'greet', '--zip-file', zipFile('greet2.zip', archive)]);
    const layers = (await awsCli(gh, ['lambda', 'list-layers'])).json as { Layers: Array<{ LayerName: string; LatestMatchingVersion: { Version: number } }> };
    assert.deepEqual(layers.Layers.filter((l) => l.LayerName === 'greet').map((l) => l.LatestMatchingVersion.Version), [2]);
    const versions = (await awsCli(gh, ['lambda', 'list-layer-versions', '--layer-name', 'greet'])).json as { LayerVersions: Array<{ Version: number }> };
    assert.deepEqual(versions.LayerVersions.map((v) => v.Version), [2, 1]);

    const added = (await awsCli(gh, ['lambda', 'add-layer-version-permission', '--layer-name', 'greet', '--version-number', '1', '--statement-id', 'xaccount',
      '--action', 'lambda:GetLayerVersion', '--principal', '223456789012'])).json as { Statement: string; RevisionId: string };
    assert.equal(added.Statement, `{"Sid":"xaccount","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::223456789012:root"},"Action":"lambda:GetLayerVersion","Resource":"${LAYER_ARN}:greet:1"}`);
    const policy = (await awsCli(gh, ['lambda', 'get-layer-version-policy', '--layer-name', 'greet', '--version-number', '1'])).json as { Policy: string; RevisionId: string };
    assert.deepEqual(JSON.parse(policy.Policy), { Version: '2012-10-17', Id: 'default', Statement: [JSON.parse(added.Statement)] });
    assert.equal(policy.RevisionId, added.RevisionId);
    await awsCli(gh, ['lambda', 'remove-layer-version-permission', '--layer-name', 'greet', '--version-number', '1', '--statement-id', 'xaccount']);
    const noPolicy = await awsCliError(gh, ['lambda', 'get-layer-version-policy', '--layer-name', 'greet', '--version-number', '1']);
    assert.match(noPolicy.stderr, /An error occurred \(ResourceNotFoundException\) when calling the GetLayerVersionPolicy operation: No policy is associated with the given resource\./);

    await awsCli(gh, ['lambda', 'delete-layer-version', '--layer-name', 'greet', '--version-number', '1']);
    await awsCli(gh, ['lambda', 'delete-layer-version', '--layer-name', 'greet', '--version-number', '1']);
    const gone = await awsCliError(gh, ['lambda', 'get-layer-version', '--layer-name', 'greet', '--version-number', '1']);
    assert.match(gone.stderr, /An error occurred \(ResourceNotFoundException\) when calling the GetLayerVersion operation: The resource you requested does not exist\./);
    const badName = await awsCliError(gh, ['lambda', 'publish-layer-version', '--layer-name', 'my.layer', '--zip-file', zipFile('bad.zip', archive)]);
    assert.match(badName.stderr, /\(ValidationException\) when calling the PublishLayerVersion operation: 1 validation error detected: Value 'my\.layer' at 'layerName' failed to satisfy constraint: Member must satisfy regular expression pattern: \(arn:\[a-zA-Z0-9-\]\+:lambda:\[a-zA-Z0-9-\]\+:\\d\{12\}:layer:\[a-zA-Z0-9-_\]\+\)\|\[a-zA-Z0-9-_\]\+/);
  });
});

describe('functions with layers (SDK v3)', () => {
  it('a module from a layer and a tool from its bin/ on PATH', async () => {
    const arn = await publish('tools', {
      'nodejs/node_modules/greet/index.js': 'exports.greet = (n) => `hello ${n}`;',
      'bin/shout': '#!/bin/sh\necho "SHOUT $1"\n',
    });
    const created = await client.send(new CreateFunctionCommand({
      FunctionName: 'uses-layer', Runtime: 'nodejs20.x', Role: ROLE, Handler: 'index.handler', Layers: [arn],
      Code: { ZipFile: zipOf({ 'index.js': 'const { execFileSync } = require("node:child_process");\nexports.handler = async () => ({ greeting: require("greet").greet("layers"), tool: execFileSync("shout", ["hi"]).toString().trim(), optPath: process.env.NODE_PATH });' }) },
    }));
    assert.deepEqual(created.Layers, [{ Arn: arn, CodeSize: zipOf({ 'nodejs/node_modules/greet/index.js': 'exports.greet = (n) => `hello ${n}`;', 'bin/shout': '#!/bin/sh\necho "SHOUT $1"\n' }).length }]);
    const result = await invoke('uses-layer') as { greeting: string; tool: string; optPath: string };
    assert.equal(result.greeting, 'hello layers');
    assert.equal(result.tool, 'SHOUT hi');
    assert.match(result.optPath, /\/opt\/[0-9a-f]{32}\/nodejs\/node20\/node_modules:.*\/opt\/[0-9a-f]{32}\/nodejs\/node_modules$/);
    const listed = await client.send(new ListFunctionsCommand({}));
    assert.deepEqual(listed.Functions?.find((f) => f.FunctionName === 'uses-layer')?.Layers, created.Layers);
  });

  it('two layers that hold the same file: the later one wins, and reordering them changes what runs', async () => {
    const first = await publish('first', { 'nodejs/node_modules/which/index.js': 'module.exports = "first";' });
    const second = await publish('second', { 'nodejs/node_modules/which/index.js': 'module.exports = "second";' });
    await client.send(new CreateFunctionCommand({
      FunctionName: 'which', Runtime: 'nodejs22.x', Role: ROLE, Handler: 'index.handler', Layers: [first, second],
      Code: { ZipFile: zipOf({ 'index.js': 'exports.handler = async () => require("which");' }) },
    }));
    assert.equal(await invoke('which'), 'second');
    await client.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'which', Layers: [second, first] }));
    assert.equal(await invoke('which'), 'first');
    const config = await client.send(new GetFunctionConfigurationCommand({ FunctionName: 'which' }));
    assert.deepEqual(config.Layers?.map((l) => l.Arn), [second, first]);
  });

  it('one layer shared by a Node and a Python function: each finds its own folder of it', async () => {
    const shared = await publish('shared', {
      'nodejs/node_modules/greet/index.js': 'exports.greet = (n) => `hello ${n} from node`;',
      'python/greet.py': 'def greet(n):\n    return f"hello {n} from python"\n',
    });
    await client.send(new CreateFunctionCommand({
      FunctionName: 'shared-node', Runtime: 'nodejs20.x', Role: ROLE, Handler: 'index.handler', Layers: [shared],
      Code: { ZipFile: zipOf({ 'index.js': 'exports.handler = async () => require("greet").greet("layer");' }) },
    }));
    await client.send(new CreateFunctionCommand({
      FunctionName: 'shared-python', Runtime: 'python3.12', Role: ROLE, Handler: 'app.handler', Layers: [shared],
      Code: { ZipFile: zipOf({ 'app.py': 'import sys\nfrom greet import greet\n\ndef handler(event, context):\n    return {"greeting": greet("layer"), "afterTaskRoot": sys.path[1:3]}\n' }) },
    }));
    assert.equal(await invoke('shared-node'), 'hello layer from node');
    const python = (await invoke('shared-python')) as { greeting: string; afterTaskRoot: string[] };
    assert.equal(python.greeting, 'hello layer from python');
    // Lambda's order: the task root, the layer's site-packages, then its python folder.
    assert.match(python.afterTaskRoot[0] ?? '', /\/python\/lib\/python3\.12\/site-packages$/);
    assert.match(python.afterTaskRoot[1] ?? '', /\/python$/);
  });

  it('an ES module handler imports a package from a layer (nodejs18.x and later do; on Node 24 through in-thread hooks, on 20 off-thread), and a missing one fails as Lambda says', async () => {
    const esm = await publish('esm-greet', {
      'nodejs/node_modules/greet-esm/package.json': '{"name":"greet-esm","type":"module","exports":"./index.js"}',
      'nodejs/node_modules/greet-esm/index.js': 'export const greet = (n) => `hello ${n} from an ES module`;',
    });
    await client.send(new CreateFunctionCommand({
      FunctionName: 'esm-layer', Runtime: 'nodejs24.x', Role: ROLE, Handler: 'index.handler', Layers: [esm],
      Code: { ZipFile: zipOf({ 'index.mjs': 'import { greet } from "greet-esm";\nexport const handler = async () => greet("layers");' }) },
    }));
    assert.equal(await invoke('esm-layer'), 'hello layers from an ES module');
    await client.send(new CreateFunctionCommand({
      FunctionName: 'esm-missing', Runtime: 'nodejs20.x', Role: ROLE, Handler: 'index.handler', Layers: [esm],
      Code: { ZipFile: zipOf({ 'index.mjs': 'import { x } from "not-in-any-layer";\nexport const handler = async () => x;' }) },
    }));
    const failed = await client.send(new InvokeCommand({ FunctionName: 'esm-missing', Payload: Buffer.from('{}') }));
    assert.equal(failed.FunctionError, 'Unhandled');
    const error = decode(failed.Payload) as { errorType: string; errorMessage: string };
    assert.equal(error.errorType, 'Runtime.ImportModuleError');
    assert.match(error.errorMessage, /Cannot find package 'not-in-any-layer' imported from /);
  });

  it("Lambda's errors for an unknown layer version, a sixth layer and an invalid layer name; nothing half-created", async () => {
    const six = await Promise.all(['l1', 'l2', 'l3', 'l4', 'l5', 'l6'].map((n) => publish(n, { 'x.txt': n })));
    const make = (FunctionName: string, Layers: string[]) =>
      client.send(new CreateFunctionCommand({ FunctionName, Runtime: 'nodejs20.x', Role: ROLE, Handler: 'index.handler', Layers, Code: { ZipFile: zipOf({ 'index.js': '' }) } }));
    await expectError(make('unknown', [`${LAYER_ARN}:l1:7`]), 'InvalidParameterValueException', 400, `Layer version ${LAYER_ARN}:l1:7 does not exist.`);
    await expectError(make('sixth', six), 'InvalidParameterValueException', 400, 'Cannot reference more than 5 layers.');
    await expectError(client.send(new PublishLayerVersionCommand({ LayerName: 'bad name', Content: { ZipFile: zipOf({ 'x.txt': 'x' }) } })), 'ValidationException', 400,
      "1 validation error detected: Value 'bad name' at 'layerName' failed to satisfy constraint: Member must satisfy regular expression pattern: (arn:[a-zA-Z0-9-]+:lambda:[a-zA-Z0-9-]+:\\d{12}:layer:[a-zA-Z0-9-_]+)|[a-zA-Z0-9-_]+");
    const names = (await client.send(new ListFunctionsCommand({}))).Functions?.map((f) => f.FunctionName);
    assert.equal(names?.includes('unknown') || names?.includes('sixth'), false, 'no function was created');
    const layers = (await awsCli(gh, ['lambda', 'list-layers'])).json as { Layers: Array<{ LayerName: string }> };
    assert.equal(layers.Layers.some((l) => l.LayerName === 'bad name'), false);
    await make('five', six.slice(0, 5));
    await expectError(client.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'five', MemorySize: 256, Layers: six })), 'InvalidParameterValueException', 400, 'Cannot reference more than 5 layers.');
    const five = await client.send(new GetFunctionConfigurationCommand({ FunctionName: 'five' }));
    assert.deepEqual([five.MemorySize, five.Layers?.length], [128, 5], 'a refused update changes nothing');
  });
});

describe('from S3', () => {
  it('a CloudFormation stack with a LayerVersion and a Python function, both from S3: the function imports the layer; the AWS CLI creates a function from S3 too', async () => {
    const s3 = new S3Client({ endpoint: gh.url, region: REGION, credentials, forcePathStyle: true, maxAttempts: 1 });
    const cfn = new CloudFormationClient({ endpoint: gh.url, region: REGION, credentials, maxAttempts: 1 });
    try {
      await s3.send(new CreateBucketCommand({ Bucket: 'artifacts' }));
      await s3.send(new PutObjectCommand({ Bucket: 'artifacts', Key: 'layers/deps.zip', Body: zipOf({ 'python/deps.py': 'def shout(s):\n    return s.upper() + "!"\n' }) }));
      await s3.send(new PutObjectCommand({ Bucket: 'artifacts', Key: 'code/app.zip', Body: zipOf({ 'pkg/app.py': 'from deps import shout\n\ndef handler(event, context):\n    return {"said": shout(event["say"])}\n', 'pkg/__init__.py': '' }) }));
      const template = JSON.stringify({
        Resources: {
          Deps: { Type: 'AWS::Lambda::LayerVersion', Properties: { LayerName: 'deps', Content: { S3Bucket: 'artifacts', S3Key: 'layers/deps.zip' }, CompatibleRuntimes: ['python3.12'] } },
          App: {
            Type: 'AWS::Lambda::Function',
            Properties: { FunctionName: 'py-from-s3', Runtime: 'python3.12', Handler: 'pkg.app.handler', Role: ROLE, Layers: [{ Ref: 'Deps' }], Code: { S3Bucket: 'artifacts', S3Key: 'code/app.zip' } },
          },
        },
        Outputs: { LayerArn: { Value: { Ref: 'Deps' } } },
      });
      await cfn.send(new CreateStackCommand({ StackName: 'layer-stack', TemplateBody: template }));
      await waitUntilStackCreateComplete({ client: cfn, maxWaitTime: 60, minDelay: 1, maxDelay: 1 }, { StackName: 'layer-stack' });
      const stack = (await cfn.send(new DescribeStacksCommand({ StackName: 'layer-stack' }))).Stacks?.[0];
      assert.equal(stack?.Outputs?.[0]?.OutputValue, `${LAYER_ARN}:deps:1`);
      const out = await client.send(new InvokeCommand({ FunctionName: 'py-from-s3', Payload: Buffer.from('{"say":"layers from s3"}') }));
      assert.deepEqual(decode(out.Payload), { said: 'LAYERS FROM S3!' });

      const created = (await awsCli(gh, ['lambda', 'create-function', '--function-name', 'cli-from-s3', '--runtime', 'python3.12', '--handler', 'pkg.app.handler', '--role', ROLE,
        '--layers', `${LAYER_ARN}:deps:1`, '--code', 'S3Bucket=artifacts,S3Key=code/app.zip'])).json as { CodeSize: number };
      assert.ok(created.CodeSize > 0);
      const missing = await awsCliError(gh, ['lambda', 'update-function-code', '--function-name', 'cli-from-s3', '--s3-bucket', 'artifacts', '--s3-key', 'code/nope.zip']);
      assert.match(missing.stderr, /An error occurred \(InvalidParameterValueException\) when calling the UpdateFunctionCode operation: Error occurred while GetObject\. S3 Error Code: NoSuchKey\. S3 Error Message: The specified key does not exist\./);
    } finally {
      s3.destroy();
      cfn.destroy();
    }
  });
});
