import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AMAZON_LINUX_PATH, fakeAmiId, publicParameter, publicParameters } from './public-parameters.js';

const east = { account: '111111111111', region: 'us-east-1' };

test('a fake AMI id is ami- and 17 hex digits, fixed by name and region', () => {
  const id = fakeAmiId('us-east-1', `${AMAZON_LINUX_PATH}al2023-ami-kernel-default-x86_64`);
  assert.match(id, /^ami-[0-9a-f]{17}$/);
  assert.equal(fakeAmiId('us-east-1', `${AMAZON_LINUX_PATH}al2023-ami-kernel-default-x86_64`), id);
  assert.notEqual(fakeAmiId('eu-west-1', `${AMAZON_LINUX_PATH}al2023-ami-kernel-default-x86_64`), id);
  assert.notEqual(fakeAmiId('us-east-1', `${AMAZON_LINUX_PATH}al2023-ami-kernel-default-arm64`), id);
});

test('the same in every account; unknown names are not public parameters', () => {
  const name = `${AMAZON_LINUX_PATH}amzn2-ami-hvm-x86_64-gp2`;
  assert.equal(publicParameter(east, name)?.versions[0]?.Value, publicParameter({ ...east, account: '222222222222' }, name)?.versions[0]?.Value);
  assert.equal(publicParameter(east, `${AMAZON_LINUX_PATH}nope`), undefined);
});

test('the list has the x86_64 and arm64 names for AL2023 and AL2, sorted', () => {
  const names = publicParameters(east).map((p) => p.Name);
  for (const n of ['al2023-ami-kernel-default-x86_64', 'al2023-ami-kernel-default-arm64', 'al2023-ami-kernel-6.1-x86_64', 'al2023-ami-kernel-6.1-arm64', 'amzn2-ami-hvm-x86_64-gp2', 'amzn2-ami-hvm-arm64-gp2']) {
    assert.ok(names.includes(AMAZON_LINUX_PATH + n), n);
  }
  assert.deepEqual(names, [...names].sort());
});
