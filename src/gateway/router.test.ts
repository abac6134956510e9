import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Method, Resource } from '../domain/apigateway.js';
import { Router } from './router.js';

/** A tree from `path → methods` (the root is '/'). */
function tree(spec: Record<string, string[]>): Router {
  const resources: Resource[] = [];
  const ids = new Map<string, string>();
  const ensure = (path: string): string => {
    const known = ids.get(path);
    if (known) return known;
    const id = `r${ids.size}`;
    ids.set(path, id);
    if (path === '/') resources.push({ id, path: '/' });
    else {
      const parentPath = path.slice(0, path.lastIndexOf('/')) || '/';
      resources.push({ id, parentId: ensure(parentPath), pathPart: path.slice(path.lastIndexOf('/') + 1), path });
    }
    return id;
  };
  ensure('/');
  for (const [path, methods] of Object.entries(spec)) {
    const id = ensure(path);
    const r = resources.find((x) => x.id === id)!;
    r.resourceMethods = Object.fromEntries(methods.map((m) => [m, { httpMethod: m, authorizationType: 'NONE', apiKeyRequired: false } satisfies Method]));
  }
  return new Router(resources);
}

const route = (router: Router, method: string, path: string): string | undefined => {
  const m = router.match(method, path);
  return m ? `${m.method.httpMethod} ${m.resource.path}${m.pathParameters ? ' ' + JSON.stringify(m.pathParameters) : ''}` : undefined;
};

describe('recorded and measured routing (docs/notes/execute-api-data-plane.md §1)', () => {
  it('a greedy proxy and a static sibling; slashes', () => {
    const r = tree({ '/{proxy+}': ['ANY'], '/hardcoded': ['ANY'] });
    assert.equal(route(r, 'GET', '/proxy-value'), 'ANY /{proxy+} {"proxy":"proxy-value"}');
    assert.equal(route(r, 'GET', '/proxy-value/'), 'ANY /{proxy+} {"proxy":"proxy-value"}', 'the trailing slash is not part of the value');
    assert.equal(route(r, 'GET', '/proxy-value//double-slash'), 'ANY /{proxy+} {"proxy":"proxy-value//double-slash"}', 'inner // kept in a greedy value');
    assert.equal(route(r, 'GET', '//proxy-value'), 'ANY /{proxy+} {"proxy":"proxy-value"}', 'leading // collapsed');
    assert.equal(route(r, 'GET', '//hardcoded'), 'ANY /hardcoded');
    assert.equal(route(r, 'GET', '/proxy-value/api/user/test%2Balias@gmail.com/plus/test+alias@gmail.com'), 'ANY /{proxy+} {"proxy":"proxy-value/api/user/test%2Balias@gmail.com/plus/test+alias@gmail.com"}', 'never percent-decoded');
  });

  it('a method missing on the specific resource falls back to a less specific one (measured on AWS)', () => {
    const r = tree({ '/{proxy+}': ['ANY'], '/jobs': [], '/jobs/{operation_type}': ['GET'], '/cors_only': ['OPTIONS'] });
    assert.equal(route(r, 'GET', '/jobs/reboot'), 'GET /jobs/{operation_type} {"operation_type":"reboot"}');
    assert.equal(route(r, 'GET', '/jobs'), 'ANY /{proxy+} {"proxy":"jobs"}');
    assert.equal(route(r, 'POST', '/jobs'), 'ANY /{proxy+} {"proxy":"jobs"}');
    assert.equal(route(r, 'POST', '/jobs/reboot'), 'ANY /{proxy+} {"proxy":"jobs/reboot"}');
    assert.equal(route(r, 'GET', '/cors_only'), 'ANY /{proxy+} {"proxy":"cors_only"}');
  });

  it("a specific resource's ANY beats the parent proxy's method; a specific method beats ANY", () => {
    const r = tree({ '/test': ['POST'], '/test/any': ['ANY'], '/{proxy+}': ['OPTIONS'] });
    assert.equal(route(r, 'OPTIONS', '/test'), 'OPTIONS /{proxy+} {"proxy":"test"}');
    assert.equal(route(r, 'POST', '/test'), 'POST /test');
    assert.equal(route(r, 'OPTIONS', '/test/any'), 'ANY /test/any');
    assert.equal(route(r, 'GET', '/test/any'), 'ANY /test/any');
    const both = tree({ '/pets': ['ANY', 'GET'] });
    assert.equal(route(both, 'GET', '/pets'), 'GET /pets');
    assert.equal(route(both, 'DELETE', '/pets'), 'ANY /pets');
  });

  it('backtracks from a static branch to the root greedy', () => {
    const r = tree({ '/part1': ['GET'], '/part1/hardcoded-value': ['GET'], '/{param+}': ['GET'] });
    assert.equal(route(r, 'GET', '/part1'), 'GET /part1');
    assert.equal(route(r, 'GET', '/part1/hardcoded-value'), 'GET /part1/hardcoded-value');
    assert.equal(route(r, 'GET', '/part1/random-value'), 'GET /{param+} {"param":"part1/random-value"}');
  });

  it('a static sibling yields to the variable sibling on a method mismatch', () => {
    const r = tree({ '/users/{userId}': ['GET'], '/users/me': ['PATCH'] });
    assert.equal(route(r, 'GET', '/users/me'), 'GET /users/{userId} {"userId":"me"}');
    assert.equal(route(r, 'PATCH', '/users/me'), 'PATCH /users/me');
  });

  it('nothing serves the path and method: no match (Missing Authentication Token)', () => {
    const r = tree({ '/existing': ['GET'] });
    assert.equal(route(r, 'GET', '/random-non-existing'), undefined);
    assert.equal(route(r, 'POST', '/existing'), undefined);
    assert.equal(route(r, 'GET', '/existing/'), 'GET /existing', 'a trailing slash reaches the resource');
  });

  it('the root resource, parameters and raw segments', () => {
    const r = tree({ '/': ['GET'], '/posts/{id}': ['GET'] });
    assert.equal(route(r, 'GET', '/'), 'GET /');
    assert.equal(route(r, 'GET', ''), 'GET /');
    assert.equal(route(r, 'GET', '/posts/%40'), 'GET /posts/{id} {"id":"%40"}');
    assert.equal(route(r, 'GET', '/posts/a%2Fb'), 'GET /posts/{id} {"id":"a%2Fb"}', '%2F is one segment');
    assert.equal(route(r, 'GET', '/posts//x'), undefined, 'an empty inner segment matches no static child nor {x}');
    assert.equal(route(r, 'GET', '/Posts/1'), undefined, 'paths are case-sensitive');
  });
});
