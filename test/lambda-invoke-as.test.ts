/**
 * The programmatic invoke the execute-api pipeline uses: API Gateway may invoke a function only when the
 * function's resource policy allows apigateway.amazonaws.com for that source ARN.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { pino } from 'pino';
import { FunctionLogs } from '../src/server/function-logs.js';
import { LocalLambdaHost } from '../src/server/lambda-host.js';
import { invokeAs } from '../src/services/lambda/invoke.js';
import { lambda } from '../src/services/lambda/index.js';
import type { OperationContext } from '../src/services/types.js';
import { systemClock } from '../src/shared/clock.js';
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.js';
import { ROLE, zipOf } from './support/lambda.js';

const store = openSqliteStore(':memory:');
const host = new LocalLambdaHost({ root: mkdtempSync(join(tmpdir(), 'gatehouse-invoke-as-')), endpointUrl: () => 'http://127.0.0.1:1', logger: pino({ level: 'silent' }), logs: new FunctionLogs() });
const ctx: OperationContext = { scope: { account: '000000000000', region: 'us-east-1' }, accessKeyId: undefined, requestId: 'test', store, clock: systemClock, lambdaHost: host };
after(() => {
  host.dispose();
  store.close();
});

// As the server does: each operation in a transaction, then the host hears of the change.
const op = (name: string, input: Record<string, unknown>): unknown => {
  const out = store.transaction(() => lambda.operations[name]!(input, ctx));
  host.changed();
  return out;
};
const apigateway = { kind: 'service' as const, service: 'apigateway.amazonaws.com' };
const SOURCE = 'arn:aws:execute-api:us-east-1:000000000000:abcdef1234/test/GET/';

test('refused without a matching permission, allowed with one', async () => {
  op('CreateFunction', { FunctionName: 'tutorial', Runtime: 'nodejs20.x', Role: ROLE, Handler: 'index.handler', Code: { ZipFile: zipOf({ 'index.js': 'exports.handler = async () => ({ statusCode: 200, body: "Hello from Lambda!" });' }) } });

  await assert.rejects(invokeAs(ctx, 'tutorial', '{}', { principal: apigateway, sourceArn: SOURCE }), (e: Error) => e.name === 'AccessDeniedException');

  op('AddPermission', { FunctionName: 'tutorial', StatementId: 'other-api', Action: 'lambda:InvokeFunction', Principal: 'apigateway.amazonaws.com', SourceArn: 'arn:aws:execute-api:us-east-1:000000000000:zzzzzzzzzz/*/GET/' });
  await assert.rejects(invokeAs(ctx, 'tutorial', '{}', { principal: apigateway, sourceArn: SOURCE }), (e: Error) => e.name === 'AccessDeniedException', 'a permission for another API does not count');

  op('AddPermission', { FunctionName: 'tutorial', StatementId: 'this-api', Action: 'lambda:InvokeFunction', Principal: 'apigateway.amazonaws.com', SourceArn: 'arn:aws:execute-api:us-east-1:000000000000:abcdef1234/*/GET/' });
  const result = await invokeAs(ctx, 'tutorial', '{}', { principal: apigateway, sourceArn: SOURCE });
  assert.equal(result.kind, 'success');
  assert.deepEqual(JSON.parse(result.payload), { statusCode: 200, body: 'Hello from Lambda!' });

  await assert.rejects(invokeAs(ctx, 'tutorial', '{}', { principal: { kind: 'service', service: 'events.amazonaws.com' }, sourceArn: SOURCE }), (e: Error) => e.name === 'AccessDeniedException', 'another service is not API Gateway');
});
