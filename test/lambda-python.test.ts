/**
 * Python functions as users drive them, against one real Gatehouse: a `python3.12` function with a nested
 * package created and invoked with the AWS CLI v2 (the tail log, `gatehouse logs`), its errors as Lambda
 * reports them (a raised exception, an import error, a missing handler, a syntax error, a timeout), boto3
 * from inside a handler, and a private API whose Lambda proxy backend is Python, reached from an instance.
 */
import { execFileSync } from 'node:child_process';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { CreateDeploymentCommand, CreateRestApiCommand, PutIntegrationCommand, PutMethodCommand, UpdateRestApiCommand, type APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { AddPermissionCommand, CreateFunctionCommand, InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { EC2Client } from '@aws-sdk/client-ec2';
import { findPython } from '../src/runtime/python-interpreter.js';
import type { Gatehouse } from '../src/server/gatehouse.js';
import { decode, lambdaClient, ROLE, zipOf } from './support/lambda.js';
import { createPrivateNetwork, execOn, tutorialPolicy } from './support/network.js';
import { apigatewayClient, awsCli, ec2Client, startTestGatehouse } from './support/server.js';

let gh: Gatehouse;
let lambda: LambdaClient;
let apig: APIGatewayClient;
let ec2: EC2Client;
let dir: string;

before(async () => {
  gh = await startTestGatehouse();
  lambda = lambdaClient(gh);
  apig = apigatewayClient(gh);
  ec2 = ec2Client(gh);
  dir = mkdtempSync(join(tmpdir(), 'gatehouse-lambda-python-'));
});
after(async () => {
  lambda.destroy();
  apig.destroy();
  ec2.destroy();
  await gh.dispose();
});

const APP = `import logging
import os

logger = logging.getLogger()
logger.setLevel(logging.INFO)
print("cold start")


def handler(event, context):
    print("event", event)
    logger.info("serving %s", context.function_name)
    if event.get("fail"):
        raise ValueError("no " + event["fail"])
    return {"statusCode": 200, "body": "Hello from Python!", "requestId": context.aws_request_id, "memory": context.memory_limit_in_mb,
            "arn": context.invoked_function_arn, "runtime": os.environ["AWS_EXECUTION_ENV"], "endpoint": os.environ["AWS_ENDPOINT_URL"] == ${'"'}GH_URL${'"'}}
`;

function zipFile(name: string, files: Record<string, string>): string {
  const path = join(dir, name);
  writeFileSync(path, zipOf(files));
  return `fileb://${path}`;
}

async function createPython(name: string, files: Record<string, string>, handler: string, extra: string[] = []): Promise<void> {
  await awsCli(gh, ['lambda', 'create-function', '--function-name', name, '--runtime', 'python3.12', '--role', ROLE, '--handler', handler, '--zip-file', zipFile(`${name}.zip`, files), ...extra]);
  await awsCli(gh, ['lambda', 'wait', 'function-active-v2', '--function-name', name]);
}

async function invoke(name: string, payload: unknown = {}): Promise<{ meta: Record<string, string>; payload: Record<string, unknown>; log: string }> {
  const out = join(dir, `out-${Math.random().toString(36).slice(2)}.json`);
  const input = join(dir, `in-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(input, JSON.stringify(payload));
  const { json } = await awsCli(gh, ['lambda', 'invoke', '--function-name', name, '--log-type', 'Tail', '--payload', `fileb://${input}`, out]);
  const meta = json as Record<string, string>;
  return { meta, payload: JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>, log: Buffer.from(meta['LogResult'] ?? '', 'base64').toString('utf8') };
}

const TIME = '\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z';

test('a python3.12 function with a nested package: invoke, print and logging in the tail log and in gatehouse logs', async () => {
  await createPython('py-app', { 'pkg/__init__.py': '', 'pkg/sub/__init__.py': '', 'pkg/sub/app.py': APP.replace('GH_URL', gh.url) }, 'pkg.sub.app.handler');
  const first = await invoke('py-app', { n: 1 });
  assert.equal(first.meta['StatusCode'], 200);
  assert.equal(first.meta['FunctionError'], undefined);
  assert.deepEqual(first.payload, {
    statusCode: 200, body: 'Hello from Python!', requestId: first.payload['requestId'], memory: '128', arn: 'arn:aws:lambda:us-east-1:000000000000:function:py-app',
    runtime: 'AWS_Lambda_python3.12', endpoint: true,
  });
  const id = String(first.payload['requestId']);
  assert.match(id, /^[0-9a-f-]{36}$/);
  const lines = first.log.split('\n');
  assert.match(lines[0]!, /^INIT_START Runtime Version: python:3\.12\tInterpreter: \/\S+ \(Python 3\.\d+\.\d+\)/);
  assert.equal(lines[1], 'cold start');
  assert.equal(lines[2], `START RequestId: ${id} Version: $LATEST`);
  assert.equal(lines[3], "event {'n': 1}");
  assert.match(lines[4]!, new RegExp(`^\\[INFO\\]\\t${TIME}\\t${id}\\tserving py-app$`));
  assert.equal(lines[5], `END RequestId: ${id}`);
  assert.match(lines[6]!, new RegExp(`^REPORT RequestId: ${id}\\tDuration: [\\d.]+ ms\\tBilled Duration: \\d+ ms\\tMemory Size: 128 MB\\tMax Memory Used: \\d+ MB\\tInit Duration: [\\d.]+ ms\\t$`));

  const res = await fetch(`${gh.url}/_gatehouse/lambda/logs?function=py-app`);
  assert.equal(res.status, 200);
  const logs = await res.text();
  assert.ok(logs.includes(`START RequestId: ${id} Version: $LATEST\nevent {'n': 1}\n[INFO]\t`), logs);
  assert.match(logs, new RegExp(`\\t${id}\\tserving py-app\\nEND RequestId: ${id}\\n`));
});

test('a raised exception: errorType, errorMessage, requestId and the stackTrace as the Python runtime gives them', async () => {
  const failed = await invoke('py-app', { fail: 'luck' });
  assert.equal(failed.meta['FunctionError'], 'Unhandled');
  const requestId = String(failed.payload['requestId']);
  assert.deepEqual(failed.payload, {
    errorMessage: 'no luck', errorType: 'ValueError', requestId,
    stackTrace: [`  File "${failed.payload['stackTrace'] ? String((failed.payload['stackTrace'] as string[])[0]).split('"')[1] : ''}", line 13, in handler\n    raise ValueError("no " + event["fail"])\n`],
  });
  assert.match(String((failed.payload['stackTrace'] as string[])[0]), /^ {2}File "\/.+\/pkg\/sub\/app\.py", line 13/);
  assert.ok(failed.log.includes(`[ERROR] ValueError: no luck\rTraceback (most recent call last):\r  File "`), failed.log);
  // The environment stays warm and serves the next invocation.
  assert.equal((await invoke('py-app')).payload['statusCode'], 200);
});

test('init errors: an import error, a missing handler, a syntax error; with the SDK v3', async () => {
  const cases: Array<[string, Record<string, string>, string, Record<string, unknown>]> = [
    ['py-import', { 'app.py': 'import requests_not_here\n' }, 'app.handler', { errorMessage: "Unable to import module 'app': No module named 'requests_not_here'", errorType: 'Runtime.ImportModuleError', stackTrace: [] }],
    ['py-missing', { 'app.py': 'def main(event, context):\n    return 1\n' }, 'app.handler', { errorMessage: "Handler 'handler' missing on module 'app'", errorType: 'Runtime.HandlerNotFound', stackTrace: [] }],
    ['py-syntax', { 'app.py': 'def handler(event, context)\n    return 1\n' }, 'app.handler', { errorType: 'Runtime.UserCodeSyntaxError' }],
  ];
  for (const [name, files, handler, expected] of cases) {
    await createPython(name, files, handler);
    const out = await lambda.send(new InvokeCommand({ FunctionName: name, LogType: 'Tail' }));
    assert.equal(out.FunctionError, 'Unhandled');
    const payload = decode(out.Payload) as Record<string, unknown>;
    const log = Buffer.from(out.LogResult ?? '', 'base64').toString('utf8');
    assert.match(String(payload['requestId']), /^[0-9a-f-]{36}$/);
    if (name === 'py-syntax') {
      assert.match(String(payload['errorMessage']), /^Syntax error in module 'app': (invalid syntax|expected ':') \(app\.py, line 1\)$/);
      assert.deepEqual(payload['stackTrace'], [`  File "${String((payload['stackTrace'] as string[])[0]).split('"')[1]}" Line 1\n        def handler(event, context)\n`]);
    } else {
      assert.deepEqual(payload, { errorMessage: expected['errorMessage'], errorType: expected['errorType'], requestId: payload['requestId'], stackTrace: [] });
      assert.ok(log.includes(`[ERROR] ${String(expected['errorType'])}: ${String(expected['errorMessage'])}\rTraceback (most recent call last):\nSTART RequestId: ${String(payload['requestId'])}`), log);
    }
    assert.equal(payload['errorType'], expected['errorType']);
  }
});

test('a timeout answers Lambda\'s Sandbox.Timedout', async () => {
  await createPython('py-slow', { 'app.py': 'import time\ndef handler(event, context):\n    print("waiting")\n    time.sleep(5)\n' }, 'app.handler', ['--timeout', '1']);
  const slow = await invoke('py-slow');
  const requestId = /START RequestId: (\S+)/.exec(slow.log)?.[1];
  assert.equal(slow.meta['FunctionError'], 'Unhandled');
  assert.deepEqual(slow.payload, { errorType: 'Sandbox.Timedout', errorMessage: `RequestId: ${requestId} Error: Task timed out after 1.00 seconds` });
  assert.match(slow.log, new RegExp(`${TIME} RequestId: ${requestId} Error: Task timed out after 1\\.00 seconds\\nEND RequestId: ${requestId}\\n`));
});

test('boto3 in a handler reaches Gatehouse unchanged and lists its REST APIs', async () => {
  const python = await findPython('python3.12');
  assert.ok(python, 'a Python 3.9 or later is on PATH');
  try {
    execFileSync(python.executable, ['-c', 'import boto3'], { stdio: 'ignore' });
  } catch {
    assert.fail(`boto3 is not importable by ${python.executable} (the Python that runs python3.12 functions here): install Debian's python3-boto3 (npm test's scripts/ensure-test-tools.mjs does)`);
  }
  await apig.send(new CreateRestApiCommand({ name: 'seen-by-boto3' }));
  await createPython('py-boto3', { 'app.py': 'import boto3\n\ndef handler(event, context):\n    apis = boto3.client("apigateway").get_rest_apis()["items"]\n    return sorted(api["name"] for api in apis)\n' }, 'app.handler', ['--timeout', '30']);
  const listed = await invoke('py-boto3');
  assert.equal(listed.meta['FunctionError'], undefined, JSON.stringify(listed.payload));
  assert.deepEqual(listed.payload, ['seen-by-boto3']);
});

test('a private API with a Python Lambda proxy backend, from an instance with gatehouse exec -- curl', async () => {
  const net = await createPrivateNetwork(ec2);
  const code = 'import json\n\ndef handler(event, context):\n    identity = event["requestContext"]["identity"]\n    return {"statusCode": 200, "headers": {"x-from": "python"}, "body": json.dumps({"message": "Hello from Python!", "path": event["path"], "vpce": identity["vpceId"]})}\n';
  await lambda.send(new CreateFunctionCommand({ FunctionName: 'py-private', Runtime: 'python3.12', Role: ROLE, Handler: 'app.handler', Code: { ZipFile: zipOf({ 'app.py': code }) } }));
  const api = await apig.send(new CreateRestApiCommand({ name: 'python-backend', endpointConfiguration: { types: ['PRIVATE'], vpcEndpointIds: [net.vpceId] } }));
  const fnArn = 'arn:aws:lambda:us-east-1:000000000000:function:py-private';
  await apig.send(new PutMethodCommand({ restApiId: api.id!, resourceId: api.rootResourceId!, httpMethod: 'GET', authorizationType: 'NONE' }));
  await apig.send(new PutIntegrationCommand({ restApiId: api.id!, resourceId: api.rootResourceId!, httpMethod: 'GET', type: 'AWS_PROXY', integrationHttpMethod: 'POST', uri: `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${fnArn}/invocations` }));
  await lambda.send(new AddPermissionCommand({ FunctionName: 'py-private', StatementId: 'apigateway', Action: 'lambda:InvokeFunction', Principal: 'apigateway.amazonaws.com', SourceArn: `arn:aws:execute-api:us-east-1:000000000000:${api.id!}/*` }));
  await apig.send(new UpdateRestApiCommand({ restApiId: api.id!, patchOperations: [{ op: 'replace', path: '/policy', value: JSON.stringify(tutorialPolicy(net.vpceId)) }] }));
  await apig.send(new CreateDeploymentCommand({ restApiId: api.id!, stageName: 'test' }));
  const ran = await execOn(gh, net.instanceId, ['/usr/bin/curl', '-sS', '-i', `https://${api.id!}.execute-api.us-east-1.amazonaws.com/test`]);
  assert.equal(ran.code, 0, ran.stderr);
  assert.match(ran.stdout, /\r\nHTTP\/1\.1 200 OK\r\n/);
  assert.match(ran.stdout, /\r\nx-from: python\r\n/i);
  assert.ok(ran.stdout.endsWith(`\r\n\r\n${JSON.stringify({ message: 'Hello from Python!', path: '/', vpce: net.vpceId }).replace(/,/g, ', ').replace(/":/g, '": ')}`), ran.stdout);
});
