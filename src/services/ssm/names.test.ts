import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ServiceError } from '../../shared/errors.js';
import { checkNameToWrite, isUnderPath, isWellFormedName, levelsOf, parameterArn, readPath, readSelector } from './names.js';

const scope = { account: '123456789012', region: 'eu-west-1' };

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof ServiceError, String(e));
    return e.code;
  }
  return 'ok';
}

test('well-formed names: letters, digits, . - _ and slash-separated levels that start with a slash', () => {
  for (const name of ['a', 'My.param_1-x', '/a', '/Dev/DBServer/MySQL/db-string13']) assert.ok(isWellFormedName(name), name);
  for (const name of ['', 'a b', 'a@b', 'a/b', '/a//b', '/a/', '/', 'a:1', '{x}']) assert.ok(!isWellFormedName(name), name);
});

test('levels: one per slash-separated part', () => {
  assert.equal(levelsOf('a'), 1);
  assert.equal(levelsOf('/a'), 1);
  assert.equal(levelsOf('/a/b/c'), 3);
});

test('writing: aws is reserved (AccessDenied), ssm and malformed names are ValidationException, 15 levels at most', () => {
  assert.equal(codeOf(() => checkNameToWrite('/aws/x')), 'AccessDeniedException');
  assert.equal(codeOf(() => checkNameToWrite('AWSfoo')), 'AccessDeniedException');
  assert.equal(codeOf(() => checkNameToWrite('/ssm/x')), 'ValidationException');
  assert.equal(codeOf(() => checkNameToWrite('SSMx')), 'ValidationException');
  assert.equal(codeOf(() => checkNameToWrite('a/b')), 'ValidationException');
  assert.equal(codeOf(() => checkNameToWrite(`/${'a/'.repeat(14)}a`)), 'ok');
  assert.equal(codeOf(() => checkNameToWrite(`/${'a/'.repeat(15)}a`)), 'HierarchyLevelLimitExceededException');
  assert.equal(codeOf(() => checkNameToWrite('x'.repeat(1011))), 'ok');
  assert.equal(codeOf(() => checkNameToWrite('x'.repeat(1012))), 'ValidationException');
  assert.equal(codeOf(() => checkNameToWrite('awkward')), 'ok');
});

test('the reserved-name message drops the leading slash', () => {
  assert.throws(() => checkNameToWrite('/aws/test'), { message: 'No access to reserved parameter name: aws/test.' });
});

test('selectors: name, name:version, name:label; two colons name nothing', () => {
  assert.deepEqual(readSelector('/a/b'), { name: '/a/b' });
  assert.deepEqual(readSelector('/a/b:3'), { name: '/a/b', selector: '3' });
  assert.deepEqual(readSelector('a:prod'), { name: 'a', selector: 'prod' });
  assert.equal(readSelector('a:1:2'), undefined);
  assert.equal(readSelector('a:'), undefined);
  assert.equal(codeOf(() => readSelector('a b')), 'ValidationException');
});

test('ARNs: the scope they name, and both names `parameter/x` can stand for', () => {
  assert.deepEqual(readSelector('arn:aws:ssm:eu-west-1:123456789012:parameter/x'), { name: 'x', scope, alternatives: ['x', '/x'] });
  assert.deepEqual(readSelector('arn:aws:ssm:eu-west-1:123456789012:parameter/a/b:2'), { name: '/a/b', scope, alternatives: ['/a/b'], selector: '2' });
  assert.deepEqual(readSelector('arn:aws:ssm:eu-west-1::parameter/aws/service/x')?.scope, { region: 'eu-west-1', account: '' });
  assert.equal(codeOf(() => readSelector('arn:aws:s3:::bucket')), 'ValidationException');
});

test('parameter ARNs keep one slash after "parameter"', () => {
  assert.equal(parameterArn(scope, '/a/b'), 'arn:aws:ssm:eu-west-1:123456789012:parameter/a/b');
  assert.equal(parameterArn(scope, 'a'), 'arn:aws:ssm:eu-west-1:123456789012:parameter/a');
});

test('paths: a leading slash, a trailing one added; anything else is refused', () => {
  assert.equal(readPath('/app'), '/app/');
  assert.equal(readPath('/app/'), '/app/');
  assert.equal(readPath('/'), '/');
  for (const bad of ['app', 'app/x', '/a b', '/a//b']) assert.equal(codeOf(() => readPath(bad)), 'ValidationException', bad);
});

test('under a path: one level, or any depth when recursive; a name without a slash is at the root', () => {
  assert.ok(isUnderPath('/app/a', '/app/', false));
  assert.ok(!isUnderPath('/app/x/a', '/app/', false));
  assert.ok(isUnderPath('/app/x/a', '/app/', true));
  assert.ok(!isUnderPath('/application/a', '/app/', true));
  assert.ok(!isUnderPath('/app', '/app/', true));
  assert.ok(isUnderPath('plain', '/', false));
  assert.ok(isUnderPath('/top', '/', false));
  assert.ok(!isUnderPath('/top/x', '/', false));
});
