import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePolicy, statementsOf } from './document.js';

const tutorialPolicy = {
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*', Condition: { StringNotEquals: { 'aws:sourceVpce': 'vpce-1' } } },
    { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' },
  ],
};

test('parses the tutorial policy', () => {
  const r = parsePolicy(JSON.stringify(tutorialPolicy));
  assert.ok(r.ok);
  assert.equal(statementsOf(r.document).length, 2);
});

test('a single statement object is a list of one', () => {
  const r = parsePolicy(JSON.stringify({ Statement: { Effect: 'Allow', Principal: { AWS: ['arn:aws:iam::1:root'] }, Action: '*', Resource: '*' } }));
  assert.ok(r.ok);
  assert.equal(statementsOf(r.document).length, 1);
});

test('rejects what is not a policy', () => {
  for (const text of ['not json', '[]', '{}', '{"Statement":[]}', '{"Statement":{"Effect":"Maybe","Action":"*","Resource":"*"}}',
    '{"Statement":{"Effect":"Allow","Resource":"*"}}', '{"Statement":{"Effect":"Allow","Action":"*","NotAction":"x","Resource":"*"}}',
    '{"Version":"2020-01-01","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}', '{"Statement":{"Effect":"Allow","Action":"*","Resource":"*","Extra":1}}']) {
    assert.equal(parsePolicy(text).ok, false, text);
  }
});
