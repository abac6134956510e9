import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createFunction, getFunctionConfiguration, updateFunctionConfiguration } from './functions.js';
import { addLayerVersionPermission, getLayerVersionPolicy, removeLayerVersionPermission } from './layer-permissions.js';
import { deleteLayerVersion, getLayerVersion, getLayerVersionByArn, listLayers, listLayerVersions, publishLayerVersion } from './layers.js';
import { tables } from './state.js';
import { call, expectError, ROLE, SCOPE, testContext, zipOf } from './test-context.js';
import { publishVersion } from './versions.js';
import type { OperationContext } from '../types.js';

const ARN = 'arn:aws:lambda:eu-west-1:111111111111:layer';
const layerZip = (text: string) => zipOf({ 'nodejs/node_modules/greet/index.js': text });
const publish = (ctx: OperationContext, name: string, extra: Record<string, unknown> = {}) =>
  call(ctx, publishLayerVersion, { LayerName: name, Content: { ZipFile: layerZip(name) }, ...extra }) as Record<string, unknown>;
const create = (ctx: OperationContext, name: string, layers: string[]) =>
  call(ctx, createFunction, { FunctionName: name, Runtime: 'nodejs20.x', Role: ROLE, Handler: 'index.handler', Code: { ZipFile: zipOf({ 'index.js': '' }) }, Layers: layers });

describe('publish, get, list, delete', () => {
  it('PublishLayerVersion answers the version in Lambda shape; numbers go up and are never reused', () => {
    const ctx = testContext();
    const zip = layerZip('v1');
    const first = call(ctx, publishLayerVersion, { LayerName: 'deps', Description: 'shared', Content: { ZipFile: zip }, CompatibleRuntimes: ['nodejs20.x'], LicenseInfo: 'MIT', CompatibleArchitectures: ['x86_64'] });
    const content = first['Content'] as Record<string, unknown>;
    assert.match(content['Location'] as string, /\/_gatehouse\/lambda\/code\/[0-9a-f]{64}\.zip$/);
    assert.deepEqual({ ...first, Content: { ...content, Location: 'x' } }, {
      Content: { Location: 'x', CodeSha256: (ctx.lambdaHost!.storeCode(zip)).sha256, CodeSize: zip.length },
      LayerArn: `${ARN}:deps`,
      LayerVersionArn: `${ARN}:deps:1`,
      Version: 1,
      Description: 'shared',
      CreatedDate: '2024-05-01T12:00:00.000+0000',
      CompatibleRuntimes: ['nodejs20.x'],
      LicenseInfo: 'MIT',
      CompatibleArchitectures: ['x86_64'],
    });
    const second = publish(ctx, 'deps');
    assert.deepEqual([second['Version'], second['Description'], 'CompatibleRuntimes' in second, 'LicenseInfo' in second], [2, '', false, false]);
    call(ctx, deleteLayerVersion, { LayerName: 'deps', VersionNumber: 1 });
    call(ctx, deleteLayerVersion, { LayerName: 'deps', VersionNumber: 2 });
    assert.deepEqual(call(ctx, listLayers, {}), { Layers: [] });
    assert.equal(publish(ctx, 'deps')['Version'], 3);
  });

  it('GetLayerVersion and GetLayerVersionByArn find a version; Lambda answers for what does not exist', () => {
    const ctx = testContext();
    const published = publish(ctx, 'deps');
    assert.deepEqual(call(ctx, getLayerVersion, { LayerName: 'deps', VersionNumber: 1 }), published);
    assert.deepEqual(call(ctx, getLayerVersion, { LayerName: `${ARN}:deps`, VersionNumber: 1 }), published);
    assert.deepEqual(call(ctx, getLayerVersionByArn, { Arn: `${ARN}:deps:1` }), published);
    expectError(() => call(ctx, getLayerVersion, { LayerName: 'deps', VersionNumber: 2 }), 'ResourceNotFoundException', 404, 'The resource you requested does not exist.');
    expectError(() => call(ctx, getLayerVersion, { LayerName: 'nope', VersionNumber: 1 }), 'ResourceNotFoundException', 404, 'The resource you requested does not exist.');
    expectError(() => call(ctx, getLayerVersionByArn, { Arn: `${ARN}:deps:9` }), 'ResourceNotFoundException', 404, 'The resource you requested does not exist.');
    expectError(() => call(ctx, getLayerVersion, { LayerName: 'deps', VersionNumber: 0 }), 'InvalidParameterValueException', 400, 'Layer Version Cannot be less than 1');
    expectError(() => call(ctx, getLayerVersionByArn, { Arn: `${ARN}:deps` }), 'ValidationException', 400,
      `1 validation error detected: Value '${ARN}:deps' at 'arn' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:(aws[a-zA-Z-]*)?:lambda:[a-z]{2}((-gov)|(-iso(b?)))?-[a-z]+-\\d{1}:\\d{12}:layer:[a-zA-Z0-9-_]+:[0-9]+`);
  });

  it('an invalid layer name is the framework\'s ValidationException, and nothing is stored', () => {
    const ctx = testContext();
    expectError(() => publish(ctx, 'my.layer'), 'ValidationException', 400,
      "1 validation error detected: Value 'my.layer' at 'layerName' failed to satisfy constraint: Member must satisfy regular expression pattern: (arn:[a-zA-Z0-9-]+:lambda:[a-zA-Z0-9-]+:\\d{12}:layer:[a-zA-Z0-9-_]+)|[a-zA-Z0-9-_]+");
    const long = 'x'.repeat(141);
    expectError(() => publish(ctx, long), 'ValidationException', 400, `1 validation error detected: Value '${long}' at 'layerName' failed to satisfy constraint: Member must have length less than or equal to 140`);
    expectError(() => call(ctx, publishLayerVersion, { LayerName: 'deps', Content: { S3Bucket: 'b' } }), 'InvalidParameterValueException', 400, 'Please provide a source for layer content.');
    assert.deepEqual(tables(ctx).layers.list(SCOPE, ''), []);
  });

  it('ListLayers shows each layer with its newest matching version; ListLayerVersions lists newest first', () => {
    const ctx = testContext();
    publish(ctx, 'a', { CompatibleRuntimes: ['nodejs20.x'] });
    publish(ctx, 'a', { CompatibleRuntimes: ['python3.12'] });
    publish(ctx, 'b');
    const all = call(ctx, listLayers, {}) as { Layers: Array<{ LayerName: string; LayerArn: string; LatestMatchingVersion: { Version: number } }> };
    assert.deepEqual(all.Layers.map((l) => [l.LayerName, l.LayerArn, l.LatestMatchingVersion.Version]), [['a', `${ARN}:a`, 2], ['b', `${ARN}:b`, 1]]);
    const node = call(ctx, listLayers, { CompatibleRuntime: 'nodejs20.x' }) as typeof all;
    assert.deepEqual(node.Layers.map((l) => [l.LayerName, l.LatestMatchingVersion.Version]), [['a', 1]]);
    const versions = call(ctx, listLayerVersions, { LayerName: 'a' }) as { LayerVersions: Array<Record<string, unknown>> };
    assert.deepEqual(versions.LayerVersions.map((v) => v['LayerVersionArn']), [`${ARN}:a:2`, `${ARN}:a:1`]);
    assert.equal('Content' in versions.LayerVersions[0]!, false);
    assert.deepEqual(call(ctx, listLayerVersions, { LayerName: 'nope' }), { LayerVersions: [] });
    const paged = call(ctx, listLayerVersions, { LayerName: 'a', MaxItems: 1 }) as { LayerVersions: unknown[]; NextMarker: string };
    assert.equal(paged.LayerVersions.length, 1);
    assert.deepEqual((call(ctx, listLayerVersions, { LayerName: 'a', Marker: paged.NextMarker }) as typeof versions).LayerVersions.map((v) => v['Version']), [1]);
  });
});

describe('layer version permissions', () => {
  it('AddLayerVersionPermission stores a statement as Lambda writes it; GetLayerVersionPolicy and Remove', () => {
    const ctx = testContext();
    publish(ctx, 'deps');
    expectError(() => call(ctx, getLayerVersionPolicy, { LayerName: 'deps', VersionNumber: 1 }), 'ResourceNotFoundException', 404, 'No policy is associated with the given resource.');
    const added = call(ctx, addLayerVersionPermission, { LayerName: 'deps', VersionNumber: 1, StatementId: 'xaccount', Action: 'lambda:GetLayerVersion', Principal: '223456789012' });
    assert.equal(added.Statement, `{"Sid":"xaccount","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::223456789012:root"},"Action":"lambda:GetLayerVersion","Resource":"${ARN}:deps:1"}`);
    const org = call(ctx, addLayerVersionPermission, { LayerName: 'deps', VersionNumber: 1, StatementId: 'org', Action: 'lambda:GetLayerVersion', Principal: '*', OrganizationId: 'o-abcdefghij' });
    assert.deepEqual(JSON.parse(org.Statement), { Sid: 'org', Effect: 'Allow', Principal: '*', Action: 'lambda:GetLayerVersion', Resource: `${ARN}:deps:1`, Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abcdefghij' } } });
    const policy = call(ctx, getLayerVersionPolicy, { LayerName: 'deps', VersionNumber: 1 });
    assert.equal(policy.RevisionId, org.RevisionId);
    assert.deepEqual(JSON.parse(policy.Policy).Statement.map((s: { Sid: string }) => s.Sid), ['xaccount', 'org']);
    expectError(() => call(ctx, addLayerVersionPermission, { LayerName: 'deps', VersionNumber: 1, StatementId: 'org', Action: 'lambda:GetLayerVersion', Principal: '*' }), 'ResourceConflictException', 409,
      'The statement id (org) provided already exists. Please provide a new statement id, or remove the existing statement.');
    expectError(() => call(ctx, removeLayerVersionPermission, { LayerName: 'deps', VersionNumber: 1, StatementId: 'org', RevisionId: 'stale' }), 'PreconditionFailedException', 412,
      'The Revision Id provided does not match the latest Revision Id. Call the GetLayerPolicy API to retrieve the latest Revision Id');
    call(ctx, removeLayerVersionPermission, { LayerName: 'deps', VersionNumber: 1, StatementId: 'org' });
    expectError(() => call(ctx, removeLayerVersionPermission, { LayerName: 'deps', VersionNumber: 1, StatementId: 'org' }), 'ResourceNotFoundException', 404, 'Statement org is not found in resource policy.');
    expectError(() => call(ctx, getLayerVersionPolicy, { LayerName: 'deps', VersionNumber: 7 }), 'ResourceNotFoundException', 404, `Layer version ${ARN}:deps:7 does not exist.`);
    expectError(() => call(ctx, addLayerVersionPermission, { LayerName: 'deps', VersionNumber: 1, StatementId: 'a b', Action: 'lambda:InvokeFunction', Principal: 'someone' }), 'ValidationException', 400,
      "3 validation errors detected: Value 'a b' at 'statementId' failed to satisfy constraint: Member must satisfy regular expression pattern: ([a-zA-Z0-9-_]+); " +
      "Value 'lambda:InvokeFunction' at 'action' failed to satisfy constraint: Member must satisfy regular expression pattern: lambda:GetLayerVersion; " +
      "Value 'someone' at 'principal' failed to satisfy constraint: Member must satisfy regular expression pattern: \\d{12}|\\*|arn:(aws[a-zA-Z-]*):iam::\\d{12}:root");
  });

  it('another account uses a version only when its policy shares it', () => {
    const owner = testContext();
    const other = testContext({ account: '222222222222', region: SCOPE.region }, owner);
    publish(owner, 'shared');
    const arn = `${ARN}:shared:1`;
    const denied = `User: arn:aws:iam::222222222222:root is not authorized to perform: lambda:GetLayerVersion on resource: ${arn} because no resource-based policy allows the lambda:GetLayerVersion action`;
    expectError(() => call(other, getLayerVersionByArn, { Arn: arn }), 'AccessDeniedException', 403, denied);
    expectError(() => create(other, 'fn', [arn]), 'AccessDeniedException', 403, denied);
    // Shared with an organization: Gatehouse has none, so the condition never holds.
    call(owner, addLayerVersionPermission, { LayerName: 'shared', VersionNumber: 1, StatementId: 'org', Action: 'lambda:GetLayerVersion', Principal: '*', OrganizationId: 'o-abcdefghij' });
    expectError(() => call(other, getLayerVersionByArn, { Arn: arn }), 'AccessDeniedException', 403, denied);
    // Shared with the other account by id, then with everyone.
    call(owner, addLayerVersionPermission, { LayerName: 'shared', VersionNumber: 1, StatementId: 'other', Action: 'lambda:GetLayerVersion', Principal: '222222222222' });
    assert.equal((call(other, getLayerVersionByArn, { Arn: arn }) as Record<string, unknown>)['LayerVersionArn'], arn);
    call(owner, addLayerVersionPermission, { LayerName: 'shared', VersionNumber: 1, StatementId: 'all', Action: 'lambda:GetLayerVersion', Principal: '*' });
    assert.equal((call(other, getLayerVersionByArn, { Arn: arn }) as Record<string, unknown>)['LayerVersionArn'], arn);
    assert.deepEqual(create(other, 'fn', [arn]).Layers, [{ Arn: arn, CodeSize: layerZip('shared').length }]);
  });
});

describe("a function's Layers", () => {
  it('up to five, in order, with their sizes; published versions keep them; an empty list removes them', () => {
    const ctx = testContext();
    const arns = ['a', 'b', 'c', 'd', 'e'].map((n) => publish(ctx, n)['LayerVersionArn'] as string);
    const created = create(ctx, 'fn', arns);
    assert.deepEqual(created.Layers, arns.map((Arn, i) => ({ Arn, CodeSize: layerZip('abcde'[i]!).length })));
    const stored = tables(ctx).functions.get(SCOPE, '', 'fn')!;
    assert.equal(stored.layerKeys?.length, 5);
    const version = call(ctx, publishVersion, { FunctionName: 'fn' });
    assert.deepEqual(version.Layers, created.Layers);
    assert.deepEqual(tables(ctx).versions.get(SCOPE, 'fn', '1')!.layerKeys, stored.layerKeys);
    // A deleted layer version stays with the functions that use it.
    call(ctx, deleteLayerVersion, { LayerName: 'a', VersionNumber: 1 });
    assert.deepEqual(call(ctx, getFunctionConfiguration, { FunctionName: 'fn' }).Layers, created.Layers);
    call(ctx, updateFunctionConfiguration, { FunctionName: 'fn', Layers: [arns[4]!, arns[3]!] });
    assert.deepEqual(call(ctx, getFunctionConfiguration, { FunctionName: 'fn' }).Layers?.map((l) => l.Arn), [arns[4], arns[3]]);
    call(ctx, updateFunctionConfiguration, { FunctionName: 'fn', Layers: [] });
    assert.equal('Layers' in call(ctx, getFunctionConfiguration, { FunctionName: 'fn' }), false);
    assert.equal(tables(ctx).functions.get(SCOPE, '', 'fn')!.layerKeys, undefined);
  });

  it("Lambda's errors for a sixth layer, an unknown version, another region, the same layer twice and a malformed ARN; nothing is created", () => {
    const ctx = testContext();
    const arns = ['a', 'b', 'c', 'd', 'e', 'f'].map((n) => publish(ctx, n)['LayerVersionArn'] as string);
    expectError(() => create(ctx, 'six', arns), 'InvalidParameterValueException', 400, 'Cannot reference more than 5 layers.');
    expectError(() => create(ctx, 'unknown', [arns[0]!, `${ARN}:a:9`]), 'InvalidParameterValueException', 400, `Layer version ${ARN}:a:9 does not exist.`);
    expectError(() => create(ctx, 'region', ['arn:aws:lambda:us-east-1:111111111111:layer:a:1']), 'InvalidParameterValueException', 400,
      'Layers are not in the same region as the function. Layers are expected to be in region eu-west-1.');
    const second = publish(ctx, 'a')['LayerVersionArn'] as string;
    expectError(() => create(ctx, 'twice', [arns[0]!, second]), 'InvalidParameterValueException', 400,
      `Two different versions of the same layer are not allowed to be referenced in the same function. ${arns[0]} and ${second} are versions of the same layer.`);
    expectError(() => create(ctx, 'malformed', [`${ARN}:a`]), 'ValidationException', 400,
      `1 validation error detected: Value '[${ARN}:a]' at 'layers' failed to satisfy constraint: Member must satisfy constraint: [Member must have length less than or equal to 2048, Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:\\d{12}:layer:[a-zA-Z0-9-_]+:[0-9]+)|(arn:[a-zA-Z0-9-]+:lambda:::awslayer:[a-zA-Z0-9-_]+), Member must not be null]`);
    assert.deepEqual(tables(ctx).functions.list(SCOPE, ''), []);
    create(ctx, 'fn', [arns[0]!]);
    const before = tables(ctx).functions.get(SCOPE, '', 'fn');
    expectError(() => call(ctx, updateFunctionConfiguration, { FunctionName: 'fn', Timeout: 9, Layers: arns }), 'InvalidParameterValueException', 400, 'Cannot reference more than 5 layers.');
    assert.deepEqual(tables(ctx).functions.get(SCOPE, '', 'fn'), before, 'a refused update changes nothing');
  });
});
