import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { modelTypings, TYPED_MODELS, typingsPath } from './model-typings.js';

// dist/src/wire/ → the repository root, where the committed sources are.
const root = new URL('../../../', import.meta.url);

test('the committed model types are what the generator writes (else: npx tsc -p tsconfig.json && node scripts/generate-model-types.mjs)', () => {
  for (const modelFile of TYPED_MODELS) {
    const committed = readFileSync(new URL(typingsPath(modelFile), root), 'utf8');
    assert.ok(committed === modelTypings(modelFile), `${typingsPath(modelFile)} is stale`);
  }
});

test('an operation names its input and output; URI labels are the members a rest-json input always has', () => {
  const apigateway = modelTypings('apigateway-2015-07-09');
  assert.match(apigateway, /^ {2}CreateRestApi: \{ input: Received<CreateRestApiInput>; output: Returned<RestApi, JsonOutput> \};$/m);
  assert.match(apigateway, /^ {2}DeleteRestApi: \{ input: Received<DeleteRestApiInput, 'restApiId'>; output: void \};$/m);
  assert.match(apigateway, /^export interface CreateRestApiInput \{\n {2}name: string;\n {2}description\?: string;$/m);
  assert.match(apigateway, /^ {2}tags\?: Record<string, string>;$/m);
  const sts = modelTypings('sts-2011-06-15');
  assert.match(sts, /^ {2}GetCallerIdentity: \{ input: Received<GetCallerIdentityInput>; output: Returned<GetCallerIdentityOutput, XmlOutput> \};$/m);
});

test('scalars are typed as the protocols hand them over', () => {
  const lambda = modelTypings('lambda-2015-03-31');
  assert.match(lambda, /^ {2}ZipFile\?: Buffer;$/m);
  assert.match(lambda, /^ {2}MemorySize\?: number;$/m);
  const cloudformation = modelTypings('cloudformation-2010-05-15');
  assert.match(cloudformation, /^ {2}CreationTime: Date;$/m);
  assert.match(cloudformation, /^ {2}DisableRollback\?: boolean;$/m);
});
