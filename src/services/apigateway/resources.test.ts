/** Resource handlers called directly: the path tree, path part rules, moves and renames, subtree deletion. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createResource, deleteResource, getResource, getResources, updateResource } from './resources.js';
import { ACCOUNT, addMockMethod, addResource, call, createApi, expectError, ops, testContext } from './test-context.js';

const BAD_PATH_PART =
  "Resource's path part only allow a-zA-Z0-9._- and curly braces at the beginning and the end and an optional plus sign before the closing brace.";
const NO_RESOURCE = 'Invalid Resource identifier specified';

function setup() {
  const ctx = testContext();
  const { id, rootId } = createApi(ctx);
  const add = (parentId: string, pathPart: string) => addResource(ctx, id, parentId, pathPart);
  const create = (parentId: string, pathPart?: string) => () => call(ctx, createResource, { restApiId: id, parentId, ...(pathPart === undefined ? {} : { pathPart }) });
  const update = (resourceId: string, ...triples: Array<[string, string, string?]>) => call(ctx, updateResource, { restApiId: id, resourceId, patchOperations: ops(...triples) });
  const paths = () => (call(ctx, getResources, { restApiId: id }).items as Array<{ path: string }>).map((r) => r.path).sort();
  return { ctx, id, rootId, add, create, update, paths };
}

describe('CreateResource', () => {
  it('nests paths under their parents and answers the new resource', () => {
    const { ctx, id, rootId, add, paths } = setup();
    const pets = add(rootId, 'pets');
    const petId = add(pets, '{petId}');
    const toys = add(petId, 'toys');
    assert.deepEqual(call(ctx, getResource, { restApiId: id, resourceId: toys }), { id: toys, parentId: petId, pathPart: 'toys', path: '/pets/{petId}/toys' });
    assert.match(toys, /^[a-z0-9]{6}$/);
    assert.deepEqual(paths(), ['/', '/pets', '/pets/{petId}', '/pets/{petId}/toys']);
  });

  it('path parts: letters, digits, . _ - : alone or in braces, with + before the closing brace', () => {
    const { rootId, add, create, paths } = setup();
    for (const part of ['a.b_c-d', 'v1:batch', 'UPPER']) add(rootId, part);
    add(add(rootId, 'one'), '{id}');
    add(add(rootId, 'two'), '{proxy+}');
    assert.deepEqual(paths(), ['/', '/UPPER', '/a.b_c-d', '/one', '/one/{id}', '/two', '/two/{proxy+}', '/v1:batch']);
    for (const part of ['', 'a b', 'a/b', '{a', 'a}', '{}', '{a+', 'a+', '{a+b}', '{{a}}', 'é', '$']) {
      expectError(create(rootId, part), 'BadRequestException', BAD_PATH_PART);
    }
  });

  it('a missing pathPart is a validation error; a missing API or parent is not found', () => {
    const { rootId, create, ctx } = setup();
    expectError(create(rootId), 'ValidationException', "1 validation error detected: Value null at 'createResourceInput.pathPart' failed to satisfy constraint: Member must not be null");
    expectError(create('nope', 'x'), 'NotFoundException', NO_RESOURCE);
    expectError(() => call(ctx, createResource, { restApiId: 'nope', parentId: rootId, pathPart: 'x' }), 'NotFoundException', `Invalid API identifier specified ${ACCOUNT}:nope`);
  });

  it('siblings: one name once, one variable part only; a greedy resource has no children', () => {
    const { rootId, add, create, paths } = setup();
    add(rootId, 'pets');
    const proxy = add(rootId, '{proxy+}');
    expectError(create(rootId, 'pets'), 'ConflictException', 'Another resource with the same parent already has this name: pets');
    expectError(create(rootId, '{dynamic}'), 'BadRequestException', 'A sibling ({proxy+}) of this resource already has a variable path part -- only one is allowed');
    for (const part of ['child', '{child}']) expectError(create(proxy, part), 'BadRequestException', 'Cannot create a child of a resource with a greedy path variable: {proxy+}');
    const parent = add(rootId, 'parent');
    add(parent, '{child+}');
    add(parent, 'static');
    assert.deepEqual(paths(), ['/', '/parent', '/parent/static', '/parent/{child+}', '/pets', '/{proxy+}']);
  });

  it('the same name may be used under different parents', () => {
    const { rootId, add, paths } = setup();
    add(add(rootId, 'a'), 'x');
    add(add(rootId, 'b'), 'x');
    assert.deepEqual(paths(), ['/', '/a', '/a/x', '/b', '/b/x']);
  });
});

describe('GetResource(s)', () => {
  it('shows methods as {} unless embed=methods asks for them (repeated or comma-separated)', () => {
    const { ctx, id, rootId } = setup();
    addMockMethod(ctx, id, rootId, 'GET');
    const plain = call(ctx, getResource, { restApiId: id, resourceId: rootId });
    assert.deepEqual(plain['resourceMethods'], { GET: {} });
    for (const embed of [['methods'], ['x,methods'], ['x', ' methods ']]) {
      const full = call(ctx, getResource, { restApiId: id, resourceId: rootId, embed }) as { resourceMethods: Record<string, { httpMethod: string }> };
      assert.equal(full.resourceMethods['GET']!.httpMethod, 'GET', JSON.stringify(embed));
    }
    const listed = call(ctx, getResources, { restApiId: id, embed: ['methods'] }).items[0] as { resourceMethods: Record<string, { methodIntegration: { type: string } }> };
    assert.equal(listed.resourceMethods['GET']!.methodIntegration.type, 'MOCK');
  });

  it('a missing resource, or one of another API, is not found; GetResources on a missing API names the API', () => {
    const { ctx, id } = setup();
    const other = createApi(ctx);
    expectError(() => call(ctx, getResource, { restApiId: id, resourceId: other.rootId }), 'NotFoundException', NO_RESOURCE);
    expectError(() => call(ctx, getResources, { restApiId: 'nope' }), 'NotFoundException', `Invalid API identifier specified ${ACCOUNT}:nope`);
  });
});

describe('UpdateResource', () => {
  it('renaming or moving a resource moves the paths of its whole subtree', () => {
    const { rootId, add, update, paths } = setup();
    const pets = add(rootId, 'pets');
    const petId = add(pets, '{petId}');
    add(petId, 'toys');
    const other = add(rootId, 'other');
    assert.deepEqual(update(pets, ['replace', '/pathPart', 'animals']), { id: pets, parentId: rootId, pathPart: 'animals', path: '/animals' });
    assert.deepEqual(paths(), ['/', '/animals', '/animals/{petId}', '/animals/{petId}/toys', '/other']);
    assert.equal(update(petId, ['replace', '/parentId', other])['path'], '/other/{petId}');
    assert.deepEqual(paths(), ['/', '/animals', '/other', '/other/{petId}', '/other/{petId}/toys']);
  });

  it("refuses cycles, clashes, bad paths and operations, and the root, with AWS's messages; a refusal changes nothing", () => {
    const { rootId, add, update, paths } = setup();
    const pets = add(rootId, 'pets');
    const subpets = add(pets, 'subpets');
    const child = add(subpets, 'pets');
    const before = paths();
    expectError(() => update('fake', ['replace', '/pathPart', 'dogs']), 'NotFoundException', NO_RESOURCE);
    expectError(() => update(pets, ['replace', '/invalid', 'dogs']), 'BadRequestException', "Invalid patch path  '/invalid' specified for op 'replace'. Must be one of: [/parentId, /pathPart]");
    expectError(() => update(pets, ['replace', '/parentId', 'fake']), 'NotFoundException', NO_RESOURCE);
    expectError(() => update(child, ['replace', '/parentId', rootId]), 'ConflictException', 'Another resource with the same parent already has this name: pets');
    expectError(() => update(pets, ['replace', '/parentId', subpets]), 'BadRequestException', 'Resources cannot be cyclical.');
    expectError(() => update(pets, ['replace', '/parentId', pets]), 'BadRequestException', 'Resources cannot be cyclical.');
    expectError(() => update(pets, ['replace', '/pathPart', 'a b']), 'BadRequestException', BAD_PATH_PART);
    for (const op of ['remove', 'add']) {
      expectError(() => update(pets, [op, '/pathPart', 'x']), 'BadRequestException', `Invalid patch path  '/pathPart' specified for op '${op}'. Please choose supported operations`);
    }
    expectError(() => update(rootId, ['replace', '/pathPart', 'dogs']), 'BadRequestException', 'Root resource cannot update its pathPart.');
    expectError(() => update(rootId, ['replace', '/parentId', rootId]), 'BadRequestException', 'Root resource cannot update its parentId.');
    expectError(() => update(subpets, ['replace', '/pathPart', 'renamed'], ['replace', '/parentId', subpets]), 'BadRequestException', 'Resources cannot be cyclical.');
    assert.deepEqual(paths(), before);
  });
});

describe('DeleteResource', () => {
  it('deletes the resource and its whole subtree, nothing else', () => {
    const { ctx, id, rootId, add, paths } = setup();
    const pets = add(rootId, 'pets');
    const petId = add(pets, '{petId}');
    add(petId, 'toys');
    add(rootId, 'kept');
    call(ctx, deleteResource, { restApiId: id, resourceId: pets });
    assert.deepEqual(paths(), ['/', '/kept']);
    expectError(() => call(ctx, deleteResource, { restApiId: id, resourceId: petId }), 'NotFoundException', NO_RESOURCE);
  });

  it('a child moved away survives its old parent', () => {
    const { ctx, id, rootId, add, update, paths } = setup();
    const pets = add(rootId, 'pets');
    const subpets = add(pets, 'subpets');
    update(subpets, ['replace', '/parentId', rootId]);
    call(ctx, deleteResource, { restApiId: id, resourceId: pets });
    assert.deepEqual(paths(), ['/', '/subpets']);
  });

  it('the root cannot be deleted', () => {
    const { ctx, id, rootId } = setup();
    expectError(() => call(ctx, deleteResource, { restApiId: id, resourceId: rootId }), 'BadRequestException', 'Cannot delete the root resource.');
  });
});
