import assert from 'node:assert/strict';
import { test } from 'node:test';
import { answerImds, imdsJson, ImdsTokens, type ImdsContext, type ImdsInstance, type ImdsRole } from './imds.js';

const NOW = new Date('2026-01-02T03:04:05.678Z');

const INSTANCE: ImdsInstance = {
  instanceId: 'i-0123456789abcdef0',
  account: '111122223333',
  region: 'eu-west-1',
  availabilityZone: 'eu-west-1a',
  instanceType: 't3.micro',
  imageId: 'ami-0abc',
  privateIp: '10.0.1.4',
  privateDnsName: 'ip-10-0-1-4.eu-west-1.compute.internal',
  mac: '02:01:23:45:67:89',
  reservationId: 'r-0abc',
  launchIndex: 0,
  launchTime: '2026-01-01T00:00:00.000Z',
  architecture: 'x86_64',
  securityGroups: ['default', 'web'],
  metadata: { HttpTokens: 'optional', HttpPutResponseHopLimit: 2, HttpEndpoint: 'enabled' },
  profile: { Arn: 'arn:aws:iam::111122223333:instance-profile/web', Id: 'AIPAEXAMPLE' },
};

const SESSION: ImdsRole = { kind: 'session', roleName: 'web', lastUpdated: '2026-01-02T03:00:00Z', AccessKeyId: 'ASIAEXAMPLE', SecretAccessKey: 's3cr3t', Token: 'tok', Expiration: '2026-01-02T09:00:00Z' };

function context(overrides: Partial<ImdsContext> & { instance?: ImdsInstance } = {}): ImdsContext & { asked: number } {
  const ctx = { instance: INSTANCE, tokens: new ImdsTokens(), now: NOW, asked: 0, role: (): ImdsRole => (ctx.asked++, SESSION), ...overrides };
  return ctx;
}

const get = (url: string, headers: Record<string, string> = {}) => ({ method: 'GET', url, headers });

test('v1: the meta-data tree, text/plain, directories with a trailing slash', () => {
  const ctx = context();
  const index = answerImds(get('/latest/meta-data/'), ctx);
  assert.equal(index.status, 200);
  assert.equal(index.headers['Content-Type'], 'text/plain');
  assert.equal(index.body, 'ami-id\nami-launch-index\nhostname\niam/\ninstance-id\ninstance-type\nlocal-hostname\nlocal-ipv4\nmac\nplacement/\nreservation-id\nsecurity-groups');
  const expect: Record<string, string> = {
    '/latest/meta-data/instance-id': 'i-0123456789abcdef0',
    '/latest/meta-data/instance-type': 't3.micro',
    '/latest/meta-data/ami-id': 'ami-0abc',
    '/latest/meta-data/local-ipv4': '10.0.1.4',
    '/latest/meta-data/mac': '02:01:23:45:67:89',
    '/latest/meta-data/hostname': 'ip-10-0-1-4.eu-west-1.compute.internal',
    '/latest/meta-data/local-hostname': 'ip-10-0-1-4.eu-west-1.compute.internal',
    '/latest/meta-data/security-groups': 'default\nweb',
    '/latest/meta-data/placement/': 'availability-zone\nregion',
    '/latest/meta-data/placement/availability-zone': 'eu-west-1a',
    '/latest/meta-data/placement/region': 'eu-west-1',
    '/latest/meta-data/iam/': 'info\nsecurity-credentials/',
    '/latest/meta-data/iam/security-credentials/': 'web',
  };
  for (const [path, body] of Object.entries(expect)) assert.equal(answerImds(get(path), ctx).body, body, path);
  assert.equal(answerImds(get('/latest/meta-data/nothing'), ctx).status, 404);
  assert.equal(
    answerImds(get('/latest/meta-data/nothing'), ctx).body,
    '<?xml version="1.0" encoding="iso-8859-1"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN"\n         "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">\n<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en" lang="en">\n <head>\n  <title>404 - Not Found</title>\n </head>\n <body>\n  <h1>404 - Not Found</h1>\n </body>\n</html>\n',
  );
});

test('the role is asked for only when an iam/ document is read', () => {
  const ctx = context();
  answerImds(get('/latest/meta-data/instance-id'), ctx);
  answerImds(get('/latest/meta-data/iam/'), ctx);
  assert.equal(ctx.asked, 0);
  const creds = answerImds(get('/latest/meta-data/iam/security-credentials/web'), ctx);
  assert.equal(ctx.asked, 1);
  assert.equal(
    creds.body,
    '{\n  "Code" : "Success",\n  "LastUpdated" : "2026-01-02T03:00:00Z",\n  "Type" : "AWS-HMAC",\n  "AccessKeyId" : "ASIAEXAMPLE",\n  "SecretAccessKey" : "s3cr3t",\n  "Token" : "tok",\n  "Expiration" : "2026-01-02T09:00:00Z"\n}',
  );
  assert.equal(
    answerImds(get('/latest/meta-data/iam/info'), ctx).body,
    '{\n  "Code" : "Success",\n  "LastUpdated" : "2026-01-02T03:00:00Z",\n  "InstanceProfileArn" : "arn:aws:iam::111122223333:instance-profile/web",\n  "InstanceProfileId" : "AIPAEXAMPLE"\n}',
  );
  assert.equal(answerImds(get('/latest/meta-data/iam/security-credentials/other'), ctx).status, 404);
});

test('no profile, or a profile without its role: iam/ is 404', () => {
  const none = context({ instance: { ...INSTANCE, profile: undefined } });
  assert.doesNotMatch(answerImds(get('/latest/meta-data/'), none).body, /iam/);
  assert.equal(answerImds(get('/latest/meta-data/iam/'), none).status, 404);
  const gone = context({ role: () => ({ kind: 'no-role' }) });
  assert.equal(answerImds(get('/latest/meta-data/iam/security-credentials/'), gone).status, 404);
});

test('a role that does not trust EC2: AssumeRoleUnauthorizedAccess in the document, not credentials', () => {
  const ctx = context({ role: () => ({ kind: 'denied', roleName: 'web', message: 'EC2 cannot assume the role web.', lastUpdated: '2026-01-02T03:04:05Z' }) });
  assert.equal(answerImds(get('/latest/meta-data/iam/security-credentials/web'), ctx).body, '{\n  "Code" : "AssumeRoleUnauthorizedAccess",\n  "Message" : "EC2 cannot assume the role web.",\n  "LastUpdated" : "2026-01-02T03:04:05Z"\n}');
});

test('IMDSv2: a token for a TTL of 1..21600 seconds, bound to its instance, checked on every request that carries one', () => {
  const ctx = context({ instance: { ...INSTANCE, metadata: { ...INSTANCE.metadata, HttpTokens: 'required' } } });
  assert.equal(answerImds(get('/latest/meta-data/instance-id'), ctx).status, 401);
  for (const ttl of [undefined, '0', '21601', 'abc']) {
    const headers: Record<string, string> = ttl === undefined ? {} : { 'x-aws-ec2-metadata-token-ttl-seconds': ttl };
    assert.equal(answerImds({ method: 'PUT', url: '/latest/api/token', headers }, ctx).status, 400, String(ttl));
  }
  assert.equal(answerImds({ method: 'GET', url: '/latest/api/token', headers: {} }, ctx).status, 405);
  assert.equal(answerImds({ method: 'PUT', url: '/latest/api/token', headers: { 'x-aws-ec2-metadata-token-ttl-seconds': '60', 'x-forwarded-for': '1.2.3.4' } }, ctx).status, 403);
  const issued = answerImds({ method: 'PUT', url: '/latest/api/token', headers: { 'x-aws-ec2-metadata-token-ttl-seconds': '60' } }, ctx);
  assert.equal(issued.status, 200);
  assert.equal(issued.headers['X-Aws-Ec2-Metadata-Token-Ttl-Seconds'], '60');
  const token = issued.body;
  assert.equal(answerImds(get('/latest/meta-data/instance-id', { 'x-aws-ec2-metadata-token': token }), ctx).body, 'i-0123456789abcdef0');
  assert.equal(answerImds(get('/latest/meta-data/instance-id', { 'x-aws-ec2-metadata-token': 'forged' }), ctx).status, 401);
  // Expired, and another instance's.
  assert.equal(answerImds(get('/latest/meta-data/instance-id', { 'x-aws-ec2-metadata-token': token }), { ...ctx, now: new Date(NOW.getTime() + 60_000) }).status, 401);
  const other = { ...ctx, instance: { ...ctx.instance, instanceId: 'i-0fedcba9876543210' } };
  assert.equal(answerImds(get('/latest/meta-data/instance-id', { 'x-aws-ec2-metadata-token': token }), other).status, 401);
  // An invalid token is refused even where v1 is allowed.
  assert.equal(answerImds(get('/latest/meta-data/instance-id', { 'x-aws-ec2-metadata-token': 'forged' }), context()).status, 401);
});

test('the identity document and other methods', () => {
  const ctx = context();
  const doc = answerImds(get('/latest/dynamic/instance-identity/document'), ctx).body;
  assert.equal(
    doc,
    imdsJson({
      accountId: '111122223333',
      architecture: 'x86_64',
      availabilityZone: 'eu-west-1a',
      billingProducts: null,
      devpayProductCodes: null,
      marketplaceProductCodes: null,
      imageId: 'ami-0abc',
      instanceId: 'i-0123456789abcdef0',
      instanceType: 't3.micro',
      kernelId: null,
      pendingTime: '2026-01-01T00:00:00Z',
      privateIp: '10.0.1.4',
      ramdiskId: null,
      region: 'eu-west-1',
      version: '2017-09-30',
    }),
  );
  assert.match(doc, /^\{\n  "accountId" : "111122223333",\n  "architecture" : "x86_64",\n[\s\S]*"billingProducts" : null,/);
  assert.equal(answerImds({ method: 'POST', url: '/latest/meta-data/', headers: {} }, ctx).status, 405);
  assert.equal(answerImds({ method: 'HEAD', url: '/latest/meta-data/instance-id', headers: {} }, ctx).body, '');
});
