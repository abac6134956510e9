import assert from 'node:assert/strict';
import { test } from 'node:test';
import { initialize, layerParents, resolveSync } from './esm-layer-hooks.js';

test('a parent beside each NODE_PATH module folder, in order; folders not named node_modules are not lookup roots', () => {
  assert.deepEqual(layerParents('/opt/nodejs/node22/node_modules:/opt/nodejs/node_modules:/var/runtime'), [
    'file:///opt/nodejs/node22/__gatehouse_layer_parent__.mjs',
    'file:///opt/nodejs/__gatehouse_layer_parent__.mjs',
  ]);
});

test('only a bare specifier the normal lookup cannot find is looked up again, from each layer folder in turn', () => {
  initialize({ nodePath: '/a/node_modules:/b/node_modules' });
  const missing = Object.assign(new Error('not found'), { code: 'ERR_MODULE_NOT_FOUND' });
  const tried: Array<string | undefined> = [];
  const next = (specifier: string, context?: { parentURL?: string }) => {
    tried.push(context?.parentURL);
    if (specifier === 'pkg' && context?.parentURL === 'file:///b/__gatehouse_layer_parent__.mjs') return { url: 'file:///b/node_modules/pkg/index.js' };
    throw missing;
  };
  assert.deepEqual(resolveSync('pkg', { parentURL: 'file:///task/index.mjs' }, next), { url: 'file:///b/node_modules/pkg/index.js' });
  assert.deepEqual(tried, ['file:///task/index.mjs', 'file:///a/__gatehouse_layer_parent__.mjs', 'file:///b/__gatehouse_layer_parent__.mjs']);
  tried.length = 0;
  assert.throws(() => resolveSync('./local.js', { parentURL: 'file:///task/index.mjs' }, next), missing);
  assert.throws(() => resolveSync('node:nope', {}, next), missing);
  assert.deepEqual(tried, ['file:///task/index.mjs', undefined], 'relative and URL specifiers are not retried');
  const other = Object.assign(new Error('bad'), { code: 'ERR_INVALID_PACKAGE_CONFIG' });
  assert.throws(() => resolveSync('pkg', {}, () => { throw other; }), other);
});
