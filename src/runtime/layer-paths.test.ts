import assert from 'node:assert/strict';
import { test } from 'node:test';
import { layerEnvironment, layerPaths } from './layer-paths.js';

test("each runtime's layer folders, in Lambda's order", () => {
  assert.deepEqual(layerPaths('/d/opt/x', 'nodejs22.x').node, ['/d/opt/x/nodejs/node22/node_modules', '/d/opt/x/nodejs/node_modules']);
  assert.deepEqual(layerPaths('/d/opt/x', 'python3.12').python, ['/d/opt/x/python/lib/python3.12/site-packages', '/d/opt/x/python']);
  assert.deepEqual(layerPaths('/d/opt/x', 'provided.al2023'), { node: [], python: [], bin: '/d/opt/x/bin', lib: '/d/opt/x/lib' });
});

test('PATH and LD_LIBRARY_PATH end with the layers; NODE_PATH only for Node', () => {
  assert.deepEqual(layerEnvironment('/o', 'nodejs20.x', { PATH: '/usr/bin:/bin' }), {
    PATH: '/usr/bin:/bin:/o/bin',
    LD_LIBRARY_PATH: '/o/lib',
    NODE_PATH: '/o/nodejs/node20/node_modules:/o/nodejs/node_modules',
  });
  assert.deepEqual(layerEnvironment('/o', 'python3.12', { PATH: '/bin', LD_LIBRARY_PATH: '/usr/lib' }), { PATH: '/bin:/o/bin', LD_LIBRARY_PATH: '/usr/lib:/o/lib' });
});
