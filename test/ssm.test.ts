/**
 * SSM Parameter Store end to end over the AWS JSON protocol: every operation and error with the SDK v3, the
 * AWS CLI v2 for put / get / get-parameters-by-path and AWS's public AMI parameters, and boto3 to prove the
 * JSON protocol reads right for botocore too.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import {
  AddTagsToResourceCommand,
  DeleteParameterCommand,
  DeleteParametersCommand,
  DescribeParametersCommand,
  GetParameterCommand,
  GetParametersByPathCommand,
  GetParametersCommand,
  ListTagsForResourceCommand,
  PutParameterCommand,
  RemoveTagsFromResourceCommand,
  SSMClient,
  paginateGetParametersByPath,
  type Parameter,
} from '@aws-sdk/client-ssm';
import type { Gatehouse } from '../src/server/gatehouse.js';
import { ACCOUNT, REGION, awsCli, awsCliError, awsError, credentials, expectError, raw, sigv4Header, startTestGatehouse, tempDataDir } from './support/server.js';

const AL2023 = '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64';
const INVALID_NAME =
  'Parameter name: can\'t be prefixed with "ssm" (case-insensitive). If formed as a path, it can consist of sub-paths divided by slash symbol; each sub-path can be formed as a mix of letters, numbers and the following 3 symbols .-_';
const INVALID_PATH =
  'The parameter doesn\'t meet the parameter name requirements. The parameter name must begin with a forward slash "/". It can\'t be prefixed with \\"aws\\" or \\"ssm\\" (case-insensitive). It must use only letters, numbers, or the following symbols: . (period), - (hyphen), _ (underscore). Special characters are not allowed. All sub-paths, if specified, must use the forward slash symbol "/". Valid example: /get/parameters2-/by1./path0_.';
const ALREADY_EXISTS = 'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.';

let gh: Gatehouse;
const clients: SSMClient[] = [];
let ssm: SSMClient;

function client(region = REGION, accessKeyId = credentials.accessKeyId): SSMClient {
  const c = new SSMClient({ endpoint: gh.url, region, credentials: { ...credentials, accessKeyId }, maxAttempts: 1 });
  clients.push(c);
  return c;
}

before(async () => {
  gh = await startTestGatehouse();
  ssm = client();
});

after(async () => {
  for (const c of clients) c.destroy();
  await gh.dispose();
});

const put = (input: ConstructorParameters<typeof PutParameterCommand>[0], c = ssm) => c.send(new PutParameterCommand(input));
const get = async (Name: string, WithDecryption?: boolean, c = ssm): Promise<Parameter> => (await c.send(new GetParameterCommand({ Name, ...(WithDecryption === undefined ? {} : { WithDecryption }) }))).Parameter!;
const names = (ps: Parameter[] | undefined): string[] => (ps ?? []).map((p) => p.Name!);

/** A raw JSON-protocol call, to see exactly what is on the wire. */
function call(target: string, body: string, region = REGION) {
  return raw(gh, 'POST', '/', { headers: { authorization: sigv4Header('ssm', region), 'x-amz-target': target, 'content-type': 'application/x-amz-json-1.1' }, body });
}

describe('PutParameter and GetParameter', () => {
  it('creates version 1 and reads it back with its ARN, date, type and data type', async () => {
    const before = Date.now();
    assert.deepEqual({ ...(await put({ Name: '/app/db/host', Value: 'db.internal', Type: 'String', Description: 'the database' })), $metadata: undefined }, { Version: 1, Tier: 'Standard', $metadata: undefined });
    const p = await get('/app/db/host');
    assert.equal(p.Name, '/app/db/host');
    assert.equal(p.Value, 'db.internal');
    assert.equal(p.Type, 'String');
    assert.equal(p.Version, 1);
    assert.equal(p.DataType, 'text');
    assert.equal(p.ARN, `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/app/db/host`);
    assert.ok(p.LastModifiedDate instanceof Date);
    assert.ok(p.LastModifiedDate.getTime() >= before - 1 && p.LastModifiedDate.getTime() <= Date.now());
    assert.equal(p.Selector, undefined);
  });

  it('answers application/x-amz-json-1.1 with the date in epoch seconds (milliseconds kept)', async () => {
    const res = await call('AmazonSSM.GetParameter', '{"Name":"/app/db/host"}');
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/x-amz-json-1.1');
    assert.ok(res.headers.get('x-amzn-requestid'));
    const body = JSON.parse(res.text) as { Parameter: { LastModifiedDate: unknown } };
    assert.equal(typeof body.Parameter.LastModifiedDate, 'number');
    assert.match(res.text, /"LastModifiedDate":\d{10}(\.\d{1,3})?[,}]/);
  });

  it('a name without a slash has an ARN with one', async () => {
    await put({ Name: 'plain-name', Value: 'v', Type: 'String' });
    assert.equal((await get('plain-name')).ARN, `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/plain-name`);
  });

  it('an existing name needs Overwrite: ParameterAlreadyExists, and nothing changes', async () => {
    await expectError(put({ Name: '/app/db/host', Value: 'other', Type: 'String' }), 'ParameterAlreadyExists', 400, ALREADY_EXISTS);
    assert.equal((await get('/app/db/host')).Value, 'db.internal');
  });

  it('Overwrite makes version 2, keeps the description, and each version stays readable as name:version', async () => {
    const written = await put({ Name: '/app/db/host', Value: 'db2.internal', Overwrite: true });
    assert.equal(written.Version, 2);
    assert.equal((await get('/app/db/host')).Value, 'db2.internal');
    const v1 = await get('/app/db/host:1');
    assert.equal(v1.Value, 'db.internal');
    assert.equal(v1.Version, 1);
    assert.equal(v1.Selector, ':1');
    assert.equal(v1.Name, '/app/db/host');
    const described = await ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: 'Name', Values: ['/app/db/host'] }] }));
    assert.equal(described.Parameters?.[0]?.Description, 'the database');
    assert.equal(described.Parameters?.[0]?.Version, 2);
  });

  it('a version that does not exist: ParameterVersionNotFound', async () => {
    await expectError(ssm.send(new GetParameterCommand({ Name: '/app/db/host:9' })), 'ParameterVersionNotFound', 400, 'Systems Manager could not find version 9 of /app/db/host. Verify the version and try again.');
  });

  it('a name that does not exist: ParameterNotFound with no message at all, as AWS sends it', async () => {
    const err = await awsError(ssm.send(new GetParameterCommand({ Name: '/app/nope' })));
    // The v3 SDK fills in "UnknownError" when the body has no message.
    assert.deepEqual(err, { name: 'ParameterNotFound', status: 400, message: 'UnknownError' });
    const res = await call('AmazonSSM.GetParameter', '{"Name":"/app/nope"}');
    assert.equal(res.status, 400);
    assert.equal(res.text, '{"__type":"ParameterNotFound"}');
    assert.equal(res.headers.get('content-type'), 'application/x-amz-json-1.1');
    assert.equal(res.headers.get('x-amzn-errortype'), null);
    await expectError(ssm.send(new GetParameterCommand({ Name: '/app/db/host:1:2' })), 'ParameterNotFound', 400, 'UnknownError');
  });

  it('GetParameter takes the parameter\'s ARN, with or without a version', async () => {
    const p = await get(`arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/app/db/host`);
    assert.equal(p.Name, '/app/db/host');
    assert.equal(p.Version, 2);
    assert.equal((await get(`arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/plain-name`)).Name, 'plain-name');
    assert.equal((await get(`arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/app/db/host:1`)).Value, 'db.internal');
    await expectError(ssm.send(new GetParameterCommand({ Name: `arn:aws:ssm:${REGION}:999999999999:parameter/app/db/host` })), 'ParameterNotFound', 400, 'UnknownError');
  });

  it('names that break the rules: ValidationException with AWS\'s one message; "aws" is reserved', async () => {
    for (const Name of ['a/b', '/a//b', '/a b', '/x/y@z', 'ssm-thing', '/SSM/thing']) {
      await expectError(put({ Name, Value: 'v', Type: 'String' }), 'ValidationException', 400, INVALID_NAME);
    }
    await expectError(ssm.send(new GetParameterCommand({ Name: '{test}-test' })), 'ValidationException', 400, INVALID_NAME);
    await expectError(put({ Name: '/aws/mine', Value: 'v', Type: 'String' }), 'AccessDeniedException', 400, 'No access to reserved parameter name: aws/mine.');
    await expectError(put({ Name: 'AWSlimits', Value: 'v', Type: 'String' }), 'AccessDeniedException', 400, 'No access to reserved parameter name: AWSlimits.');
    await expectError(put({ Name: `/${'l/'.repeat(15)}x`, Value: 'v', Type: 'String' }), 'HierarchyLevelLimitExceededException', 400,
      'A hierarchy can have a maximum of 15 levels. For more information, see Requirements and constraints for parameter names in the Amazon Web Services Systems Manager User Guide.');
    assert.equal((await ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: 'Name', Option: 'Contains', Values: ['thing', 'mine', 'limits'] }] }))).Parameters?.length, 0);
  });

  it('spaces around a name are removed, as AWS removes them', async () => {
    await put({ Name: '  /app/trimmed  ', Value: 'v', Type: 'String' });
    assert.equal((await get('/app/trimmed')).Name, '/app/trimmed');
  });

  it('the model\'s constraints: Coral\'s numbered ValidationException', async () => {
    await expectError(put({ Name: '/app/t', Value: 'v', Type: 'str' as never }), 'ValidationException', 400,
      "1 validation error detected: Value 'str' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [SecureString, StringList, String]");
    await expectError(put({ Name: '/app/t', Value: 'v', Type: 'String', Description: 'd'.repeat(1025), Tier: 'Cheap' as never }), 'ValidationException', 400,
      `2 validation errors detected: Value '${'d'.repeat(1025)}' at 'description' failed to satisfy constraint: Member must have length less than or equal to 1024; Value 'Cheap' at 'tier' failed to satisfy constraint: Member must satisfy enum value set: [Standard, Advanced, Intelligent-Tiering]`);
    await expectError(put({ Name: '', Value: 'v', Type: 'String' }), 'ValidationException', 400, "1 validation error detected: Value '' at 'name' failed to satisfy constraint: Member must have length greater than or equal to 1");
  });

  it('an empty value, a missing type, an unknown data type', async () => {
    await expectError(put({ Name: '/app/t', Value: '', Type: 'String' }), 'ValidationException', 400, "Value at 'value' failed to satisfy constraint: Member must have length greater than or equal to 1");
    await expectError(put({ Name: '/app/t', Value: 'v' }), 'ValidationException', 400, 'A parameter type is required when you create a parameter.');
    await expectError(put({ Name: '/app/t', Value: 'v', Type: 'String', DataType: 'Text' }), 'ValidationException', 400, 'The following data type is not supported: Text (Data type names are all lowercase.)');
    await expectError(get('/app/t'), 'ParameterNotFound', 400, 'UnknownError');
  });

  it('SecureString: a stand-in ciphertext unless WithDecryption; the default key', async () => {
    await put({ Name: '/app/secret', Value: 's3cr3t', Type: 'SecureString' });
    const hidden = await get('/app/secret');
    assert.equal(hidden.Type, 'SecureString');
    assert.notEqual(hidden.Value, 's3cr3t');
    assert.ok(!Buffer.from(hidden.Value!, 'base64').toString('latin1').includes('s3cr3t'));
    assert.equal((await get('/app/secret', true)).Value, 's3cr3t');
    const meta = (await ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: 'Type', Values: ['SecureString'] }] }))).Parameters ?? [];
    assert.deepEqual(meta.map((m) => [m.Name, m.KeyId]), [['/app/secret', 'alias/aws/ssm']]);
    await expectError(put({ Name: '/app/k', Value: 'v', Type: 'String', KeyId: 'alias/mine' }), 'ValidationException', 400, 'KeyId is required for SecureString type parameter only.');
  });

  it('StringList keeps its commas', async () => {
    await put({ Name: '/app/list', Value: 'a,b,c', Type: 'StringList' });
    const p = await get('/app/list');
    assert.deepEqual([p.Type, p.Value], ['StringList', 'a,b,c']);
  });

  it('DataType aws:ec2:image: an AMI id is stored; anything else is accepted and then not created, as AWS\'s asynchronous check does', async () => {
    assert.equal((await put({ Name: '/app/ami', Value: 'ami-0123456789abcdef0', Type: 'String', DataType: 'aws:ec2:image' })).Version, 1);
    assert.equal((await get('/app/ami')).DataType, 'aws:ec2:image');
    assert.equal((await put({ Name: '/app/ami', Value: 'not-an-ami', Type: 'String', DataType: 'aws:ec2:image', Overwrite: true })).Version, 2);
    const still = await get('/app/ami');
    assert.deepEqual([still.Version, still.Value], [1, 'ami-0123456789abcdef0']);
    assert.equal((await put({ Name: '/app/ami-bad', Value: 'ami-xyz', Type: 'String', DataType: 'aws:ec2:image' })).Version, 1);
    await expectError(get('/app/ami-bad'), 'ParameterNotFound', 400, 'UnknownError');
    await expectError(put({ Name: '/app/ami-list', Value: 'ami-0123456789abcdef0', Type: 'StringList', DataType: 'aws:ec2:image' }), 'ValidationException', 400,
      'The aws:ec2:image data type is not supported for the following input type: StringList');
  });

  it('tiers: Standard holds 4096 characters, Advanced more; Intelligent-Tiering picks; no way back down', async () => {
    const big = 'x'.repeat(5000);
    await expectError(put({ Name: '/app/big', Value: big, Type: 'String' }), 'ValidationException', 400,
      'Standard tier parameters support a maximum parameter value of 4096 characters. To create a larger parameter value, upgrade the parameter to use the advanced-parameter tier. For more information, see https://docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-advanced-parameters.html');
    assert.deepEqual({ ...(await put({ Name: '/app/big', Value: big, Type: 'String', Tier: 'Intelligent-Tiering' })), $metadata: undefined }, { Version: 1, Tier: 'Advanced', $metadata: undefined });
    assert.equal((await put({ Name: '/app/small', Value: 'x', Type: 'String', Tier: 'Intelligent-Tiering' })).Tier, 'Standard');
    assert.equal((await put({ Name: '/app/big', Value: 'small now', Overwrite: true })).Tier, 'Advanced');
    await expectError(put({ Name: '/app/big', Value: 'x', Overwrite: true, Tier: 'Standard' }), 'ValidationException', 400,
      "This parameter uses the advanced-parameter tier. You can't downgrade a parameter from the advanced-parameter tier to the standard-parameter tier.");
  });

  it('AllowedPattern must match the whole value, and holds for later versions', async () => {
    await put({ Name: '/app/port', Value: '8080', Type: 'String', AllowedPattern: '\\d{1,4}' });
    await expectError(put({ Name: '/app/port', Value: '10000', Overwrite: true }), 'ParameterPatternMismatchException', 400, 'Parameter value, cannot be validated against allowedPattern: \\d{1,4}');
    await expectError(put({ Name: '/app/re', Value: 'v', Type: 'String', AllowedPattern: '([' }), 'InvalidAllowedPatternException', 400, 'The request does not meet the regular expression requirement.');
    assert.equal((await get('/app/port')).Version, 1);
  });

  it('tags: set on create, listed, added, removed; not together with Overwrite', async () => {
    await put({ Name: '/app/tagged', Value: 'v', Type: 'String', Tags: [{ Key: 'team', Value: 'core' }] });
    const list = async () => (await ssm.send(new ListTagsForResourceCommand({ ResourceType: 'Parameter', ResourceId: '/app/tagged' }))).TagList;
    assert.deepEqual(await list(), [{ Key: 'team', Value: 'core' }]);
    await ssm.send(new AddTagsToResourceCommand({ ResourceType: 'Parameter', ResourceId: '/app/tagged', Tags: [{ Key: 'env', Value: 'dev' }, { Key: 'team', Value: 'edge' }] }));
    assert.deepEqual(await list(), [{ Key: 'team', Value: 'edge' }, { Key: 'env', Value: 'dev' }]);
    await ssm.send(new RemoveTagsFromResourceCommand({ ResourceType: 'Parameter', ResourceId: '/app/tagged', TagKeys: ['team'] }));
    assert.deepEqual(await list(), [{ Key: 'env', Value: 'dev' }]);
    await expectError(put({ Name: '/app/tagged', Value: 'v2', Overwrite: true, Tags: [{ Key: 'a', Value: 'b' }] }), 'ValidationException', 400,
      "Invalid request: tags and overwrite can't be used together. To create a parameter with tags, please remove overwrite flag. To update tags for an existing parameter, please use AddTagsToResource or RemoveTagsFromResource.");
    await expectError(ssm.send(new ListTagsForResourceCommand({ ResourceType: 'Parameter', ResourceId: '/app/none' })), 'InvalidResourceId', 400, 'UnknownError');
    assert.deepEqual(await list(), [{ Key: 'env', Value: 'dev' }]);
  });
});

describe('GetParameters', () => {
  it('finds what it can and lists the rest as InvalidParameters', async () => {
    await put({ Name: '/multi/a', Value: '1', Type: 'String' });
    await put({ Name: '/multi/b', Value: '2', Type: 'SecureString' });
    const out = await ssm.send(new GetParametersCommand({ Names: ['/multi/a', '/multi/b', '/multi/nope', '/multi/a:7', 'bad name', '/multi/a:1'], WithDecryption: true }));
    assert.deepEqual(out.Parameters?.map((p) => [p.Name, p.Value, p.Selector]), [['/multi/a', '1', undefined], ['/multi/b', '2', undefined], ['/multi/a', '1', ':1']]);
    assert.deepEqual(out.InvalidParameters, ['/multi/nope', '/multi/a:7', 'bad name']);
    const all = await ssm.send(new GetParametersCommand({ Names: ['/multi/a'] }));
    assert.deepEqual(all.InvalidParameters, []);
  });

  it('at most 10 names', async () => {
    const many = Array.from({ length: 11 }, (_, i) => `/n${i}`);
    await expectError(ssm.send(new GetParametersCommand({ Names: many })), 'ValidationException', 400,
      `1 validation error detected: Value '[${many.join(', ')}]' at 'names' failed to satisfy constraint: Member must have length less than or equal to 10`);
  });
});

describe('GetParametersByPath', () => {
  before(async () => {
    for (const [Name, Type] of [['/tree/a', 'String'], ['/tree/b', 'SecureString'], ['/tree/sub/c', 'String'], ['/tree/sub/deeper/d', 'StringList'], ['/treetop', 'String']] as const) {
      await put({ Name, Value: `value of ${Name}`, Type });
    }
  });

  it('one level by default, every level when Recursive; values of SecureStrings only WithDecryption', async () => {
    assert.deepEqual(names((await ssm.send(new GetParametersByPathCommand({ Path: '/tree' }))).Parameters), ['/tree/a', '/tree/b']);
    assert.deepEqual(names((await ssm.send(new GetParametersByPathCommand({ Path: '/tree/' }))).Parameters), ['/tree/a', '/tree/b']);
    const deep = await ssm.send(new GetParametersByPathCommand({ Path: '/tree', Recursive: true, WithDecryption: true }));
    assert.deepEqual(names(deep.Parameters), ['/tree/a', '/tree/b', '/tree/sub/c', '/tree/sub/deeper/d']);
    assert.equal(deep.Parameters?.find((p) => p.Name === '/tree/b')?.Value, 'value of /tree/b');
    const hidden = await ssm.send(new GetParametersByPathCommand({ Path: '/tree', Recursive: true }));
    assert.notEqual(hidden.Parameters?.find((p) => p.Name === '/tree/b')?.Value, 'value of /tree/b');
  });

  it('the root holds names without a slash and the first level', async () => {
    const root = names((await ssm.send(new GetParametersByPathCommand({ Path: '/', MaxResults: 10 }))).Parameters);
    assert.ok(root.includes('plain-name'));
    assert.ok(root.includes('/treetop'));
    assert.ok(!root.includes('/tree/a'));
  });

  it('filters by Type (Equals, BeginsWith); other keys and options are refused', async () => {
    const strings = await ssm.send(new GetParametersByPathCommand({ Path: '/tree', Recursive: true, ParameterFilters: [{ Key: 'Type', Values: ['String'] }] }));
    assert.deepEqual(names(strings.Parameters), ['/tree/a', '/tree/sub/c']);
    const begins = await ssm.send(new GetParametersByPathCommand({ Path: '/tree', Recursive: true, ParameterFilters: [{ Key: 'Type', Option: 'BeginsWith', Values: ['String'] }] }));
    assert.deepEqual(names(begins.Parameters), ['/tree/a', '/tree/sub/c', '/tree/sub/deeper/d']);
    await expectError(ssm.send(new GetParametersByPathCommand({ Path: '/tree', ParameterFilters: [{ Key: 'Name', Values: ['x'] }] })), 'InvalidFilterKey', 400,
      'The following filter key is not valid: Name. Valid filter keys include: [Type, KeyId].');
    await expectError(ssm.send(new GetParametersByPathCommand({ Path: '/tree', ParameterFilters: [{ Key: 'Type', Option: 'Contains', Values: ['x'] }] })), 'InvalidFilterOption', 400,
      'The following filter option is not valid: Contains. Valid options include: [BeginsWith, Equals].');
    await expectError(ssm.send(new GetParametersByPathCommand({ Path: '/tree', ParameterFilters: [{ Key: 'Type' }] })), 'InvalidFilterValue', 400,
      'The following filter values are missing : null for filter key Type.');
    await expectError(ssm.send(new GetParametersByPathCommand({ Path: '/tree', ParameterFilters: [{ Key: 'color', Values: ['x'] }] })), 'ValidationException', 400,
      "1 validation error detected: Value 'color' at 'parameterFilters.1.member.key' failed to satisfy constraint: Member must satisfy regular expression pattern: tag:.+|Name|Type|KeyId|Path|Label|Tier|DataType");
  });

  it('pages with MaxResults and NextToken; the SDK paginator walks them all', async () => {
    const first = await ssm.send(new GetParametersByPathCommand({ Path: '/tree', Recursive: true, MaxResults: 3 }));
    assert.deepEqual(names(first.Parameters), ['/tree/a', '/tree/b', '/tree/sub/c']);
    assert.ok(first.NextToken);
    const second = await ssm.send(new GetParametersByPathCommand({ Path: '/tree', Recursive: true, MaxResults: 3, NextToken: first.NextToken! }));
    assert.deepEqual(names(second.Parameters), ['/tree/sub/deeper/d']);
    assert.equal(second.NextToken, undefined);
    const walked: string[] = [];
    for await (const page of paginateGetParametersByPath({ client: ssm, pageSize: 1 }, { Path: '/tree', Recursive: true })) walked.push(...names(page.Parameters));
    assert.deepEqual(walked, ['/tree/a', '/tree/b', '/tree/sub/c', '/tree/sub/deeper/d']);
  });

  it('a bad path, MaxResults or NextToken', async () => {
    await expectError(ssm.send(new GetParametersByPathCommand({ Path: 'tree' })), 'ValidationException', 400, INVALID_PATH);
    await expectError(ssm.send(new GetParametersByPathCommand({ Path: '/tr ee' })), 'ValidationException', 400, INVALID_PATH);
    await expectError(ssm.send(new GetParametersByPathCommand({ Path: '/tree', MaxResults: 11 })), 'ValidationException', 400,
      "1 validation error detected: Value '11' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 10");
    await expectError(ssm.send(new GetParametersByPathCommand({ Path: '/tree', NextToken: 'garbage' })), 'InvalidNextToken', 400, "The specified token isn't valid.");
  });
});

describe('DescribeParameters', () => {
  it('metadata, never values; Filters and ParameterFilters; pages', async () => {
    const byName = await ssm.send(new DescribeParametersCommand({ Filters: [{ Key: 'Name', Values: ['/tree/'] }] }));
    assert.deepEqual(byName.Parameters?.map((p) => p.Name), ['/tree/a', '/tree/b', '/tree/sub/c', '/tree/sub/deeper/d']);
    assert.ok(byName.Parameters?.every((p) => !('Value' in p)));
    const one = byName.Parameters?.[0];
    assert.equal(one?.ARN, `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/tree/a`);
    assert.equal(one?.Tier, 'Standard');
    assert.equal(one?.LastModifiedUser, `arn:aws:iam::${ACCOUNT}:root`);
    const oneLevel = await ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: 'Path', Values: ['/tree'] }] }));
    assert.deepEqual(oneLevel.Parameters?.map((p) => p.Name), ['/tree/a', '/tree/b']);
    const recursive = await ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: 'Path', Option: 'Recursive', Values: ['/tree/sub'] }, { Key: 'Type', Values: ['StringList'] }] }));
    assert.deepEqual(recursive.Parameters?.map((p) => p.Name), ['/tree/sub/deeper/d']);
    const tagged = await ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: 'tag:env', Values: ['dev'] }] }));
    assert.deepEqual(tagged.Parameters?.map((p) => p.Name), ['/app/tagged']);
    const paged = await ssm.send(new DescribeParametersCommand({ MaxResults: 2 }));
    assert.equal(paged.Parameters?.length, 2);
    assert.ok(paged.NextToken);
    await expectError(ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: 'Label', Values: ['x'] }] })), 'InvalidFilterKey', 400,
      'The following filter key is not valid: Label. Valid filter keys include: [Path, Name, Type, KeyId, Tier].');
    await expectError(ssm.send(new DescribeParametersCommand({ MaxResults: 51 })), 'ValidationException', 400,
      "1 validation error detected: Value '51' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 50");
  });

  it('does not list AWS\'s public parameters', async () => {
    const all = await ssm.send(new DescribeParametersCommand({ Filters: [{ Key: 'Name', Values: ['/aws'] }] }));
    assert.deepEqual(all.Parameters, []);
  });
});

describe('DeleteParameter and DeleteParameters', () => {
  it('deletes every version; a second delete is ParameterNotFound', async () => {
    await put({ Name: '/gone/one', Value: 'v', Type: 'String' });
    await put({ Name: '/gone/one', Value: 'v2', Type: 'String', Overwrite: true });
    await ssm.send(new DeleteParameterCommand({ Name: '/gone/one' }));
    await expectError(get('/gone/one:1'), 'ParameterNotFound', 400, 'UnknownError');
    await expectError(ssm.send(new DeleteParameterCommand({ Name: '/gone/one' })), 'ParameterNotFound', 400, 'UnknownError');
    // Created again, it starts at version 1.
    assert.equal((await put({ Name: '/gone/one', Value: 'again', Type: 'String' })).Version, 1);
  });

  it('reserved and malformed names', async () => {
    await expectError(ssm.send(new DeleteParameterCommand({ Name: AL2023 })), 'AccessDeniedException', 400, `No access to reserved parameter name: ${AL2023.slice(1)}.`);
    await expectError(ssm.send(new DeleteParameterCommand({ Name: 'a b' })), 'ValidationException', 400, INVALID_NAME);
  });

  it('DeleteParameters deletes what exists and lists the rest', async () => {
    await put({ Name: '/gone/two', Value: 'v', Type: 'String' });
    const out = await ssm.send(new DeleteParametersCommand({ Names: ['/gone/one', '/gone/two', '/gone/nope', AL2023] }));
    assert.deepEqual(out.DeletedParameters, ['/gone/one', '/gone/two']);
    assert.deepEqual(out.InvalidParameters, ['/gone/nope', AL2023]);
    assert.equal((await ssm.send(new GetParametersByPathCommand({ Path: '/gone' }))).Parameters?.length, 0);
  });
});

describe('accounts and regions', () => {
  it('a parameter lives in its own account and region', async () => {
    await put({ Name: '/scoped', Value: 'home', Type: 'String' });
    const west = client('eu-west-1');
    const other = client(REGION, '111111111111');
    await expectError(get('/scoped', undefined, west), 'ParameterNotFound', 400, 'UnknownError');
    await expectError(get('/scoped', undefined, other), 'ParameterNotFound', 400, 'UnknownError');
    await put({ Name: '/scoped', Value: 'away', Type: 'String' }, west);
    assert.equal((await get('/scoped', undefined, west)).ARN, `arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/scoped`);
    assert.equal((await get('/scoped')).Value, 'home');
    await put({ Name: '/scoped', Value: 'theirs', Type: 'String' }, other);
    assert.equal((await get('/scoped', undefined, other)).ARN, 'arn:aws:ssm:us-east-1:111111111111:parameter/scoped');
  });
});

describe('AWS\'s public parameters', () => {
  it('resolve in every account to one stable AMI id per region, with AWS\'s account-less ARN', async () => {
    const p = await get(AL2023);
    assert.match(p.Value!, /^ami-[0-9a-f]{17}$/);
    assert.equal(p.Type, 'String');
    assert.equal(p.ARN, `arn:aws:ssm:${REGION}::parameter${AL2023}`);
    assert.equal((await get(AL2023, undefined, client(REGION, '222222222222'))).Value, p.Value);
    const west = await get(AL2023, undefined, client('eu-west-1'));
    assert.match(west.Value!, /^ami-[0-9a-f]{17}$/);
    assert.notEqual(west.Value, p.Value);
    assert.equal((await get(AL2023)).Value, p.Value);
    assert.notEqual((await get('/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64')).Value, p.Value);
    assert.equal((await get(`${AL2023}:1`)).Value, p.Value);
    assert.equal((await get(`arn:aws:ssm:${REGION}::parameter${AL2023}`)).Value, p.Value);
  });

  it('GetParameters and GetParametersByPath read them; unknown ones are not found', async () => {
    const out = await ssm.send(new GetParametersCommand({ Names: [AL2023, '/aws/service/ami-amazon-linux-latest/amzn2-ami-hvm-x86_64-gp2', '/aws/service/ami-amazon-linux-latest/nope'] }));
    assert.equal(out.Parameters?.length, 2);
    assert.deepEqual(out.InvalidParameters, ['/aws/service/ami-amazon-linux-latest/nope']);
    const walked: string[] = [];
    for await (const page of paginateGetParametersByPath({ client: ssm }, { Path: '/aws/service/ami-amazon-linux-latest' })) walked.push(...names(page.Parameters));
    for (const n of ['al2023-ami-kernel-default-x86_64', 'al2023-ami-kernel-6.1-x86_64', 'al2023-ami-kernel-default-arm64', 'al2023-ami-kernel-6.1-arm64', 'amzn2-ami-hvm-x86_64-gp2', 'amzn2-ami-hvm-arm64-gp2']) {
      assert.ok(walked.includes(`/aws/service/ami-amazon-linux-latest/${n}`), n);
    }
    assert.equal((await ssm.send(new GetParametersByPathCommand({ Path: '/aws/service' }))).Parameters?.length, 0);
    assert.ok(((await ssm.send(new GetParametersByPathCommand({ Path: '/aws/service', Recursive: true }))).Parameters?.length ?? 0) > 0);
    await expectError(get('/aws/service/ami-amazon-linux-latest/nope'), 'ParameterNotFound', 400, 'UnknownError');
  });

  it('are not writable', async () => {
    await expectError(put({ Name: AL2023, Value: 'ami-0123456789abcdef0', Type: 'String', Overwrite: true }), 'AccessDeniedException', 400, `No access to reserved parameter name: ${AL2023.slice(1)}.`);
  });
});

describe('the JSON protocol on the wire', () => {
  it('an unknown target: 400 UnknownOperationException', async () => {
    const res = await call('AmazonSSM.FlyToTheMoon', '{}');
    assert.equal(res.status, 400);
    assert.equal(res.text, '{"__type":"UnknownOperationException"}');
  });

  it('bad JSON and wrong JSON types: 400 SerializationException', async () => {
    const bad = await call('AmazonSSM.GetParameter', '{"Name":');
    assert.equal(bad.status, 400);
    assert.deepEqual(JSON.parse(bad.text), { __type: 'SerializationException', message: 'Unexpected character in JSON input' });
    const wrong = await call('AmazonSSM.PutParameter', '{"Name":"/wire/x","Value":"v","Type":"String","Overwrite":"yes"}');
    assert.equal(wrong.status, 400);
    assert.equal((JSON.parse(wrong.text) as { __type: string }).__type, 'SerializationException');
    assert.equal((await call('AmazonSSM.GetParameter', '{"Name":"/wire/x"}')).text, '{"__type":"ParameterNotFound"}');
  });

  it('a missing required member: Coral\'s ValidationException, nothing stored', async () => {
    const res = await call('AmazonSSM.PutParameter', '{"Name":"/wire/y","Type":"String"}');
    assert.equal(res.status, 400);
    assert.deepEqual(JSON.parse(res.text), { __type: 'ValidationException', message: "1 validation error detected: Value null at 'value' failed to satisfy constraint: Member must not be null" });
    assert.equal((await call('AmazonSSM.GetParameter', '{"Name":"/wire/y"}')).status, 400);
  });

  it('an unsigned request is routed by its X-Amz-Target alone', async () => {
    const res = await raw(gh, 'POST', '/', { headers: { 'x-amz-target': 'AmazonSSM.GetParameter', 'content-type': 'application/x-amz-json-1.1' }, body: JSON.stringify({ Name: AL2023 }) });
    assert.equal(res.status, 200);
    assert.equal((JSON.parse(res.text) as { Parameter: { Name: string } }).Parameter.Name, AL2023);
  });

  it('an operation of the model Gatehouse does not implement: 501', async () => {
    const res = await call('AmazonSSM.ListDocuments', '{}');
    assert.equal(res.status, 501);
    assert.equal((JSON.parse(res.text) as { __type: string }).__type, 'NotImplementedException');
  });
});

describe('the AWS CLI v2', () => {
  it('put-parameter, get-parameter, get-parameters-by-path', async () => {
    const put1 = (await awsCli(gh, ['ssm', 'put-parameter', '--name', '/cli/greeting', '--value', 'hello', '--type', 'String'])).json;
    assert.deepEqual(put1, { Version: 1, Tier: 'Standard' });
    await awsCli(gh, ['ssm', 'put-parameter', '--name', '/cli/deep/secret', '--value', 'psst', '--type', 'SecureString']);
    const got = (await awsCli(gh, ['ssm', 'get-parameter', '--name', '/cli/greeting'])).json as { Parameter: Record<string, unknown> };
    assert.equal(got.Parameter['Value'], 'hello');
    assert.equal(got.Parameter['ARN'], `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/cli/greeting`);
    assert.match(String(got.Parameter['LastModifiedDate']), /^\d{4}-\d\d-\d\dT/);
    assert.equal((await awsCli(gh, ['ssm', 'get-parameter', '--name', '/cli/greeting', '--query', 'Parameter.Value'])).json, 'hello');
    const byPath = (await awsCli(gh, ['ssm', 'get-parameters-by-path', '--path', '/cli', '--recursive', '--with-decryption'])).json as { Parameters: Array<{ Name: string; Value: string }> };
    assert.deepEqual(byPath.Parameters.map((p) => [p.Name, p.Value]), [['/cli/deep/secret', 'psst'], ['/cli/greeting', 'hello']]);
  });

  it('errors as AWS prints them', async () => {
    const missing = await awsCliError(gh, ['ssm', 'get-parameter', '--name', '/cli/nope']);
    assert.equal(missing.code, 254);
    assert.match(missing.stderr, /An error occurred \(ParameterNotFound\) when calling the GetParameter operation: \s*$/);
    const exists = await awsCliError(gh, ['ssm', 'put-parameter', '--name', '/cli/greeting', '--value', 'x', '--type', 'String']);
    assert.match(exists.stderr, /An error occurred \(ParameterAlreadyExists\) when calling the PutParameter operation: The parameter already exists\. To overwrite this value, set the overwrite option in the request to true\./);
  });

  it('AWS\'s public Amazon Linux AMI parameter, the way templates and scripts read it', async () => {
    const id = (await awsCli(gh, ['ssm', 'get-parameters', '--names', AL2023, '--query', 'Parameters[0].Value'])).json as string;
    assert.match(id, /^ami-[0-9a-f]{17}$/);
    assert.equal(id, (await get(AL2023)).Value);
    const listed = (await awsCli(gh, ['ssm', 'get-parameters-by-path', '--path', '/aws/service/ami-amazon-linux-latest', '--query', 'Parameters[].Name'])).json as string[];
    assert.ok(listed.includes(AL2023));
    assert.ok(listed.length > 10, 'the CLI pages through them all');
  });
});

describe('boto3', () => {
  it('put, get, a missing name and a path through botocore\'s JSON protocol', async () => {
    const script = `
import boto3, json, sys
ssm = boto3.client('ssm', endpoint_url=sys.argv[1])
put = ssm.put_parameter(Name='/py/x', Value='from python', Type='String')
got = ssm.get_parameter(Name='/py/x')['Parameter']
try:
    ssm.get_parameter(Name='/py/nope')
    err = None
except ssm.exceptions.ParameterNotFound as e:
    err = [e.response['Error']['Code'], e.response['Error']['Message'], e.response['ResponseMetadata']['HTTPStatusCode']]
ami = ssm.get_parameter(Name='${AL2023}')['Parameter']['Value']
print(json.dumps({'version': put['Version'], 'value': got['Value'], 'date': type(got['LastModifiedDate']).__name__, 'err': err, 'ami': ami}))
`;
    const env = { ...process.env, AWS_ACCESS_KEY_ID: credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey, AWS_DEFAULT_REGION: REGION, AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' };
    const { stdout } = await promisify(execFile)('python3', ['-c', script, gh.url], { env });
    assert.deepEqual(JSON.parse(stdout), { version: 1, value: 'from python', date: 'datetime', err: ['ParameterNotFound', '', 400], ami: (await get(AL2023)).Value });
  });
});

describe('persistence', () => {
  it('parameters and their versions survive a restart on the same data dir', async () => {
    const dataDir = tempDataDir();
    let server = await startTestGatehouse({ inMemory: false, dataDir });
    let c = new SSMClient({ endpoint: server.url, region: REGION, credentials, maxAttempts: 1 });
    try {
      await c.send(new PutParameterCommand({ Name: '/kept/x', Value: 'one', Type: 'String', Tags: [{ Key: 'k', Value: 'v' }] }));
      await c.send(new PutParameterCommand({ Name: '/kept/x', Value: 'two', Overwrite: true }));
      await expectError(c.send(new PutParameterCommand({ Name: '/kept/y', Value: 'abc', Type: 'String', AllowedPattern: '\\d+' })), 'ParameterPatternMismatchException', 400,
        'Parameter value, cannot be validated against allowedPattern: \\d+');
    } finally {
      c.destroy();
      await server.dispose();
    }
    server = await startTestGatehouse({ inMemory: false, dataDir });
    c = new SSMClient({ endpoint: server.url, region: REGION, credentials, maxAttempts: 1 });
    try {
      const now = (await c.send(new GetParameterCommand({ Name: '/kept/x' }))).Parameter!;
      assert.deepEqual([now.Value, now.Version], ['two', 2]);
      assert.equal((await c.send(new GetParameterCommand({ Name: '/kept/x:1' }))).Parameter?.Value, 'one');
      assert.deepEqual((await c.send(new ListTagsForResourceCommand({ ResourceType: 'Parameter', ResourceId: '/kept/x' }))).TagList, [{ Key: 'k', Value: 'v' }]);
      assert.deepEqual(names((await c.send(new GetParametersByPathCommand({ Path: '/kept' }))).Parameters), ['/kept/x']);
    } finally {
      c.destroy();
      await server.dispose();
    }
  });
});
