/** `limit`/`position` paging of API Gateway's Get* collections (default 25, at most 500). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createDeployment, getDeployments } from './deployments.js';
import { getResources } from './resources.js';
import { getRestApis } from './rest-apis.js';
import { addMockMethod, addResource, call, createApi, expectError, testContext } from './test-context.js';

const BAD_LIMIT = 'Invalid limit specified. Must be between 1 and 500.';

/** Every page of a Get* collection, following `position`. */
function pages<T>(list: (position: string | undefined) => { items: T[]; position?: string }): T[][] {
  const out: T[][] = [];
  let position: string | undefined;
  do {
    const page = list(position);
    out.push(page.items);
    position = page.position;
  } while (position !== undefined && out.length < 100);
  return out;
}

describe('paging', () => {
  it('GetRestApis: 25 a page by default, position to the next page, none on the last', () => {
    const ctx = testContext();
    for (let i = 0; i < 27; i++) createApi(ctx, { name: `api-${i}` });
    const all = pages((position) => call(ctx, getRestApis, position === undefined ? {} : { position }));
    assert.deepEqual(all.map((p) => p.length), [25, 2]);
    assert.deepEqual(all.flat().map((a) => a['name']), Array.from({ length: 27 }, (_, i) => `api-${i}`));
    assert.equal('position' in call(ctx, getRestApis, { limit: 27 }), false);
  });

  it('GetResources pages the tree in creation order with any limit from 1 to 500', () => {
    const ctx = testContext();
    const { id, rootId } = createApi(ctx);
    for (const part of ['a', 'b', 'c', 'd']) addResource(ctx, id, rootId, part);
    const paths = (limit: number) => pages((position) => call(ctx, getResources, { restApiId: id, limit, ...(position === undefined ? {} : { position }) })).map((p) => p.map((r) => r['path']));
    assert.deepEqual(paths(2), [['/', '/a'], ['/b', '/c'], ['/d']]);
    assert.deepEqual(paths(1).flat(), ['/', '/a', '/b', '/c', '/d']);
    assert.deepEqual(paths(500), [['/', '/a', '/b', '/c', '/d']]);
  });

  it('GetDeployments pages too', () => {
    const ctx = testContext();
    const { id, rootId } = createApi(ctx);
    addMockMethod(ctx, id, rootId);
    const ids = ['one', 'two', 'three'].map((description) => call(ctx, createDeployment, { restApiId: id, description }).id);
    assert.deepEqual(pages((position) => call(ctx, getDeployments, { restApiId: id, limit: 2, ...(position === undefined ? {} : { position }) })).map((p) => p.map((d) => d.id)), [ids.slice(0, 2), ids.slice(2)]);
  });

  it(`refuses a limit outside 1..500 or not a whole number: ${BAD_LIMIT}`, () => {
    const ctx = testContext();
    const { id } = createApi(ctx);
    for (const limit of [0, -1, 501, 1.5]) {
      expectError(() => call(ctx, getRestApis, { limit }), 'BadRequestException', BAD_LIMIT);
      expectError(() => call(ctx, getResources, { restApiId: id, limit }), 'BadRequestException', BAD_LIMIT);
    }
  });
});
