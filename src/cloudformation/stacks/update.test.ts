/**
 * Stack updates through the engine with resource types made for the test (each records what it was asked to
 * do), so every path is deterministic: in place, replacement and what it does to dependents, unchanged
 * resources left alone, refusals while an update runs, rollback of in-place updates that failed part-way or
 * were refused, cleanup failures, UpdateReplacePolicy Retain, and the change set's plan.
 */
import assert from 'node:assert/strict';
import { after, beforeEach, describe, it } from 'node:test';
import type { Scope } from '../../shared/accounts.js';
import { ServiceError } from '../../shared/errors.js';
import { openSqliteStore } from '../../store/sqlite/sqlite-store.js';
import { ResourceFailure } from '../resources/errors.js';
import { ServiceCaller } from '../resources/service-caller.js';
import type { Provisioned, ResourceType } from '../resources/types.js';
import { fakeEnvironment } from '../template/test-support/environment.js';
import { StackEngine } from './engine.js';
import { CLEANUP_INCOMPLETE, REPLACING } from './update.js';

const SCOPE: Scope = { account: '123456789012', region: 'us-east-1' };
const store = openSqliteStore(':memory:');
after(() => store.close());

/** What the test types were asked to do, as `verb logicalId physicalId`. */
let calls: string[] = [];
let serial = 0;

/**
 * `Test::Thing`: updates in place except `Name` (replacement). `Fail: create|update|delete` makes that step fail
 * (`update` after it has changed something: a service error; `refuse` before: a ResourceFailure).
 */
function thing(type: string, withUpdate: boolean): ResourceType {
  const make = (properties: Record<string, unknown>, logicalId: string): Provisioned => {
    const id = `${logicalId.toLowerCase()}-${++serial}`;
    return { physicalId: id, attributes: { Arn: `arn:test:${id}`, Name: properties['Name'] } };
  };
  return {
    type,
    replaceOn: ['Name'],
    async create(properties, ctx) {
      if (properties['Fail'] === 'create') throw new ServiceError('InvalidParameterValue', 'no', 400);
      const p = make(properties, ctx.logicalId);
      calls.push(`create ${ctx.logicalId} ${p.physicalId}`);
      return p;
    },
    ...(withUpdate && {
      async update(current: Provisioned, before: Record<string, unknown>, after: Record<string, unknown>, ctx: { logicalId: string }) {
        if (after['Fail'] === 'refuse') throw new ResourceFailure(`Properties validation failed for resource ${ctx.logicalId} with message: #: no`);
        calls.push(`update ${ctx.logicalId} ${current.physicalId} ${JSON.stringify(before['Value'] ?? null)}->${JSON.stringify(after['Value'] ?? null)}`);
        if (after['Fail'] === 'update') throw new ServiceError('InternalError', 'half done', 500);
        return { ...current, attributes: { ...current.attributes, Value: after['Value'] } };
      },
    }),
    async delete(current, properties, ctx) {
      calls.push(`delete ${ctx.logicalId} ${current.physicalId}`);
      if (properties['Fail'] === 'delete') throw new ServiceError('DependencyViolation', 'in use', 400);
    },
  };
}

const TYPES = new Map([thing('Test::Thing', true), thing('Test::Immutable', false)].map((t) => [t.type, t]));

const engine = new StackEngine({
  store,
  clock: { now: () => new Date() },
  caller: new ServiceCaller({ store, services: [] }),
  resourceType: (type) => TYPES.get(type),
  environment: (_scope, stack) => fakeEnvironment({ stackName: stack.stackName, stackId: stack.stackId }),
});

type Resources = Record<string, { Type: string; Properties?: Record<string, unknown>; DeletionPolicy?: string; UpdateReplacePolicy?: string; DependsOn?: string }>;
const template = (resources: Resources, outputs: Record<string, unknown> = {}) => JSON.stringify({ Resources: resources, ...(Object.keys(outputs).length > 0 && { Outputs: outputs }) });

/** Waits until the stack leaves its *_IN_PROGRESS status (the engine runs in the background). */
async function settled(name: string): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const stack = engine.find(SCOPE, name)!;
    if (!stack.StackStatus.endsWith('_IN_PROGRESS')) return stack.StackStatus;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`${name} did not settle`);
}

async function create(name: string, body: string): Promise<void> {
  const { stackId, prepared } = store.transaction(() => engine.createStack(SCOPE, { StackName: name, TemplateBody: body }));
  engine.start(SCOPE, stackId, prepared);
  assert.equal(await settled(name), 'CREATE_COMPLETE');
  calls = [];
}

async function update(name: string, body: string, extra: { DisableRollback?: boolean } = {}): Promise<string> {
  store.transaction(() => engine.updateStack(SCOPE, { StackName: name, TemplateBody: body, ...extra }));
  return settled(name);
}

const physical = (name: string) => Object.fromEntries(Object.values(engine.find(SCOPE, name)!.resources).map((r) => [r.LogicalResourceId, r.PhysicalResourceId]));
const eventsOf = (name: string) => {
  const stack = engine.find(SCOPE, name)!;
  return engine.events(SCOPE, stack.StackId).reverse().map((e) => `${e.LogicalResourceId} ${e.ResourceStatus}${e.ResourceStatusReason ? ` ${e.ResourceStatusReason}` : ''}`);
};

const BASE: Resources = {
  A: { Type: 'Test::Thing', Properties: { Name: 'a', Value: 1 } },
  B: { Type: 'Test::Thing', Properties: { Name: 'b', Value: { 'Fn::GetAtt': ['A', 'Arn'] } } },
  C: { Type: 'Test::Immutable', Properties: { Value: 'c' } },
};

describe('stack updates', () => {
  let n = 0;
  let name = '';
  beforeEach(() => {
    name = `s${++n}`;
    calls = [];
  });

  it('updates in place what changed, replaces what must be, carries new references to dependents, leaves the rest alone', async () => {
    await create(name, template(BASE));
    const before = physical(name);
    assert.equal(await update(name, template({ ...BASE, A: { Type: 'Test::Thing', Properties: { Name: 'a2', Value: 1 } }, C: { Type: 'Test::Immutable', Properties: { Value: 'c' } } })), 'UPDATE_COMPLETE');
    const now = physical(name);
    assert.notEqual(now['A'], before['A']);
    assert.equal(now['B'], before['B']);
    assert.equal(now['C'], before['C']);
    // B's Value read A's Arn, which the replacement changed; C did not change at all.
    assert.deepEqual(calls, [
      `create A ${now['A']}`,
      `update B ${before['B']} "arn:test:${before['A']}"->"arn:test:${now['A']}"`,
      `delete A ${before['A']}`,
    ]);
    const events = eventsOf(name);
    assert.ok(events.includes(`A UPDATE_IN_PROGRESS ${REPLACING}`));
    assert.ok(!events.some((e) => e.startsWith('C UPDATE')));
  });

  it('refuses a second update while one runs, and a type that cannot update in place is replaced', async () => {
    await create(name, template(BASE));
    const stackId = engine.find(SCOPE, name)!.StackId;
    store.transaction(() => engine.updateStack(SCOPE, { StackName: name, TemplateBody: template({ ...BASE, C: { Type: 'Test::Immutable', Properties: { Value: 'c2' } } }) }));
    assert.throws(() => engine.updateStack(SCOPE, { StackName: name, TemplateBody: template(BASE) }), { code: 'ValidationError', message: `Stack:${stackId} is in UPDATE_IN_PROGRESS state and can not be updated.` });
    assert.equal(await settled(name), 'UPDATE_COMPLETE');
    assert.deepEqual(calls.map((c) => c.split(' ').slice(0, 2).join(' ')), ['create C', 'delete C']);
  });

  it('rolls back an in-place update that failed part-way (previous properties applied again) and one refused (left alone)', async () => {
    await create(name, template(BASE));
    const before = physical(name);
    const failing = template({
      A: { Type: 'Test::Thing', Properties: { Name: 'a', Value: 2, Fail: 'refuse' } },
      B: { Type: 'Test::Thing', Properties: { Name: 'b', Value: 3, Fail: 'update' } },
      C: BASE['C']!,
    });
    assert.equal(await update(name, failing), 'UPDATE_ROLLBACK_COMPLETE');
    assert.deepEqual(physical(name), before);
    // A refused its new properties before changing anything: nothing to undo. B changed part-way: undone.
    assert.deepEqual(calls, [`update B ${before['B']} "arn:test:${before['A']}"->3`, `update B ${before['B']} 3->"arn:test:${before['A']}"`]);
    const stack = engine.find(SCOPE, name)!;
    assert.equal(stack.StackStatusReason, undefined);
    assert.ok(eventsOf(name).includes(`${name} UPDATE_ROLLBACK_IN_PROGRESS The following resource(s) failed to update: [A, B]. `));
    assert.deepEqual(Object.fromEntries(Object.values(stack.resources).map((r) => [r.LogicalResourceId, r.ResourceStatus])), { A: 'UPDATE_COMPLETE', B: 'UPDATE_COMPLETE', C: 'CREATE_COMPLETE' });
    assert.equal(stack.update, undefined);
  });

  it('a cleanup that cannot delete everything still completes the update, and says so', async () => {
    await create(name, template({ ...BASE, D: { Type: 'Test::Thing', Properties: { Name: 'd', Fail: 'delete' } } }));
    assert.equal(await update(name, template(BASE)), 'UPDATE_COMPLETE');
    const stack = engine.find(SCOPE, name)!;
    assert.equal(stack.StackStatusReason, CLEANUP_INCOMPLETE);
    assert.deepEqual(Object.keys(stack.resources), ['A', 'C', 'B']);
    assert.ok(eventsOf(name).some((e) => e.startsWith('D DELETE_FAILED Resource handler returned message: "in use')));
  });

  it('UpdateReplacePolicy Retain keeps the old physical resource of a replacement', async () => {
    await create(name, template({ ...BASE, C: { Type: 'Test::Immutable', UpdateReplacePolicy: 'Retain', Properties: { Value: 'c' } } }));
    assert.equal(await update(name, template({ ...BASE, C: { Type: 'Test::Immutable', UpdateReplacePolicy: 'Retain', Properties: { Value: 'c2' } } })), 'UPDATE_COMPLETE');
    assert.deepEqual(calls.map((c) => c.split(' ')[0]), ['create']);
    assert.ok(eventsOf(name).includes('C DELETE_SKIPPED'));
  });

  it('outputs and parameters count as changes; an identical template does not', async () => {
    await create(name, template(BASE));
    assert.throws(() => engine.updateStack(SCOPE, { StackName: name, TemplateBody: template(BASE) }), { message: 'No updates are to be performed.' });
    assert.equal(await update(name, template(BASE, { Arn: { Value: { 'Fn::GetAtt': ['A', 'Arn'] } } })), 'UPDATE_COMPLETE');
    assert.deepEqual(calls, []);
    assert.deepEqual(engine.find(SCOPE, name)!.Outputs, [{ OutputKey: 'Arn', OutputValue: `arn:test:${physical(name)['A']}` }]);
  });

  it('a change set lists a GetAtt of a replaced resource as a conditional replacement, a plain property change as Static', async () => {
    await create(name, template({ ...BASE, E: { Type: 'Test::Thing', Properties: { Name: { 'Fn::GetAtt': ['C', 'Arn'] } } } }));
    const { Id } = store.transaction(() =>
      engine.createChangeSet(SCOPE, { StackName: name, ChangeSetName: 'cs', TemplateBody: template({ ...BASE, C: { Type: 'Test::Immutable', Properties: { Value: 'c2' } }, E: { Type: 'Test::Thing', Properties: { Name: { 'Fn::GetAtt': ['C', 'Arn'] } } } }) }),
    );
    const { changeSet } = engine.findChangeSet(SCOPE, Id, undefined);
    assert.deepEqual(changeSet.Changes.map((c) => [c.ResourceChange.LogicalResourceId, c.ResourceChange.Replacement, c.ResourceChange.Details.map((d) => `${d.Target.Name}:${d.Evaluation}:${d.ChangeSource}:${d.CausingEntity ?? ''}`)]), [
      ['C', 'True', ['Value:Static:DirectModification:']],
      ['E', 'Conditional', ['Name:Dynamic:ResourceAttribute:C.Arn']],
    ]);
    assert.deepEqual(calls, []);
  });
});
