/**
 * Smoke tests with the other AWS clients users have: the AWS CLI v1 (python package awscli) and boto3.
 * Both come with the machine's Python (see scripts/ensure-test-tools.mjs).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import type { Gatehouse } from '../src/server/gatehouse.js';
import { credentials, startTestGatehouse } from './support/server.js';

const run = promisify(execFile);
let gh: Gatehouse;
const env = (): NodeJS.ProcessEnv => ({ ...process.env, AWS_ACCESS_KEY_ID: credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey, AWS_DEFAULT_REGION: 'us-east-1', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' });

before(async () => {
  gh = await startTestGatehouse();
});
after(() => gh.dispose());

test('AWS CLI v1: create-rest-api PRIVATE and get-rest-apis', async () => {
  const version = await run('python3', ['-m', 'awscli', '--version'], { env: env() });
  assert.match(version.stdout + version.stderr, /aws-cli\/1\./);
  const created = JSON.parse((await run('python3', ['-m', 'awscli', '--endpoint-url', gh.url, 'apigateway', 'create-rest-api', '--name', 'v1', '--endpoint-configuration', '{"types":["PRIVATE"]}'], { env: env() })).stdout) as { id: string; endpointConfiguration: { types: string[]; ipAddressType?: string } };
  assert.deepEqual(created.endpointConfiguration, { types: ['PRIVATE'], ipAddressType: 'dualstack' });
  const list = JSON.parse((await run('python3', ['-m', 'awscli', '--endpoint-url', gh.url, 'apigateway', 'get-rest-apis'], { env: env() })).stdout) as { items: Array<{ id: string }> };
  assert.ok(list.items.some((a) => a.id === created.id));
});

test('boto3: create, patch and read back a private API; STS identity', async () => {
  const script = `
import boto3, json, sys
apig = boto3.client('apigateway', endpoint_url=sys.argv[1])
api = apig.create_rest_api(name='boto3', endpointConfiguration={'types': ['PRIVATE'], 'vpcEndpointIds': ['vpce-0123456789abcdef0']})
apig.update_rest_api(restApiId=api['id'], patchOperations=[{'op': 'add', 'path': '/endpointConfiguration/vpcEndpointIds', 'value': 'vpce-0fedcba9876543210'}])
got = apig.get_rest_api(restApiId=api['id'])
try:
    apig.get_rest_api(restApiId='nope')
    err = None
except apig.exceptions.NotFoundException as e:
    err = [e.response['Error']['Code'], e.response['Error']['Message'], e.response['ResponseMetadata']['HTTPStatusCode']]
ident = boto3.client('sts', endpoint_url=sys.argv[1]).get_caller_identity()
print(json.dumps({'ids': got['endpointConfiguration']['vpcEndpointIds'], 'types': got['endpointConfiguration']['types'], 'created': str(type(got['createdDate']).__name__), 'err': err, 'account': ident['Account']}))
`;
  const { stdout } = await run('python3', ['-c', script, gh.url], { env: env() });
  assert.deepEqual(JSON.parse(stdout), {
    ids: ['vpce-0123456789abcdef0', 'vpce-0fedcba9876543210'],
    types: ['PRIVATE'],
    created: 'datetime',
    err: ['NotFoundException', 'Invalid API identifier specified 000000000000:nope', 404],
    account: '000000000000',
  });
});
