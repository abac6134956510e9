/**
 * Authorizers in the console, in Debian's Chromium: a Lambda TOKEN authorizer created with its function picked
 * from the account's (and the permission for API Gateway to call it), the API's own message for a bad TTL, a
 * REQUEST authorizer with two identity sources, the authorizer assigned to a method (Edit method request),
 * AWS's ConflictException when deleting it, Test (TestInvokeAuthorizer), an edit, a Cognito authorizer (its user
 * pool picked from the account's) on a method with scopes (UpdateMethod add/remove), Flush authorizer cache, and
 * the Requests view's pipeline steps for an allowed, a cached and a refused request. Checked through the SDK.
 */
import { CreateDeploymentCommand, CreateResourceCommand, CreateRestApiCommand, GetAuthorizersCommand, GetMethodCommand, GetResourcesCommand, PutIntegrationCommand, PutIntegrationResponseCommand, PutMethodCommand, PutMethodResponseCommand, type APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { AddPermissionCommand, CreateFunctionCommand, GetPolicyCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import type { Gatehouse } from '../src/server/gatehouse.js';
import { launchConsoleBrowser, SCREENSHOTS } from './support/browser.js';
import { lambdaClient, ROLE, zipOf } from './support/lambda.js';
import { ACCOUNT, apigatewayClient, sigv4Header, startTestGatehouse } from './support/server.js';

/** Allows `allow` as alice on the method; `unauthorized` is refused. */
const TOKEN_AUTHORIZER = `
exports.handler = async (event) => {
  if (event.authorizationToken !== 'allow') throw new Error('Unauthorized');
  console.log('authorizing alice');
  return { principalId: 'alice', policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: event.methodArn }] } };
};`;
const ECHO = 'exports.handler = async (event) => ({ statusCode: 200, body: JSON.stringify({ principalId: event.requestContext.authorizer?.principalId ?? null }) });';
const execFileAsync = promisify(execFile);
const fnArn = (name: string): string => `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${name}`;

let gh: Gatehouse;
let apig: APIGatewayClient;
let lambda: LambdaClient;
let browser: Browser;
let page: Page;
let pageErrors: string[];
let apiId: string;
let guardedId: string;
let tokensId: string;
let teamsId: string;

before(async () => {
  let launched;
  [gh, launched] = await Promise.all([startTestGatehouse(), launchConsoleBrowser({ timeoutMs: 20_000 })]);
  ({ browser, page, pageErrors } = launched);
  apig = apigatewayClient(gh);
  lambda = lambdaClient(gh);
  await lambda.send(new CreateFunctionCommand({ FunctionName: 'token-auth', Runtime: 'nodejs20.x', Role: ROLE, Handler: 'index.handler', Code: { ZipFile: zipOf({ 'index.js': TOKEN_AUTHORIZER }) } }));
  await lambda.send(new CreateFunctionCommand({ FunctionName: 'echo', Runtime: 'nodejs20.x', Role: ROLE, Handler: 'index.handler', Code: { ZipFile: zipOf({ 'index.js': ECHO }) } }));
  await lambda.send(new AddPermissionCommand({ FunctionName: 'echo', StatementId: 'apigateway', Action: 'lambda:InvokeFunction', Principal: 'apigateway.amazonaws.com' }));
  const api = await apig.send(new CreateRestApiCommand({ name: 'Guarded', endpointConfiguration: { types: ['REGIONAL'] } }));
  apiId = api.id!;
  guardedId = (await apig.send(new CreateResourceCommand({ restApiId: apiId, parentId: api.rootResourceId!, pathPart: 'guarded' }))).id!;
  await apig.send(new PutMethodCommand({ restApiId: apiId, resourceId: guardedId, httpMethod: 'GET', authorizationType: 'NONE' }));
  const uri = `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${fnArn('echo')}/invocations`;
  await apig.send(new PutIntegrationCommand({ restApiId: apiId, resourceId: guardedId, httpMethod: 'GET', type: 'AWS_PROXY', integrationHttpMethod: 'POST', uri }));
});

after(async () => {
  await browser?.close();
  apig?.destroy();
  lambda?.destroy();
  await gh?.dispose();
});

/** GET /test/guarded on Gatehouse's port: the status and API Gateway's request id. */
async function callGuarded(token?: string): Promise<{ status: number; requestId: string }> {
  const res = await fetch(`${gh.url}/_aws/execute-api/${apiId}/test/guarded`, { headers: token === undefined ? {} : { Authorization: token } });
  await res.text();
  return { status: res.status, requestId: res.headers.get('x-amzn-requestid') ?? '' };
}

describe('authorizers in the console', () => {
  it('creates a Lambda TOKEN authorizer with a function from the account, and lets API Gateway call it', async () => {
    await page.goto(`${gh.consoleUrl}apis/${apiId}/authorizers`);
    await page.getByText('No authorizers').waitFor();
    await page.getByRole('button', { name: 'Create authorizer' }).click();
    const form = page.getByRole('form', { name: 'Create authorizer' });
    await form.getByLabel('Authorizer name').fill('tokens');
    assert.equal(await form.getByRole('radio', { name: /^Lambda/ }).isChecked(), true);
    assert.equal(await form.getByRole('radio', { name: /^Token/ }).isChecked(), true);
    await form.getByRole('combobox', { name: 'Lambda function' }).selectOption({ label: 'token-auth (nodejs20.x)' });
    assert.equal(await form.getByLabel('Token source').inputValue(), 'Authorization');
    await form.getByLabel(/^Token validation/).fill('^[a-z]+$');
    await form.getByRole('button', { name: 'Create authorizer' }).click();
    await page.getByTestId('flash').getByText("Successfully created authorizer 'tokens'.").waitFor();

    const [created] = (await apig.send(new GetAuthorizersCommand({ restApiId: apiId }))).items ?? [];
    tokensId = created!.id!;
    assert.deepEqual(
      { name: created!.name, type: created!.type, identitySource: created!.identitySource, identityValidationExpression: created!.identityValidationExpression, ttl: created!.authorizerResultTtlInSeconds, uri: created!.authorizerUri },
      {
        name: 'tokens',
        type: 'TOKEN',
        identitySource: 'method.request.header.Authorization',
        identityValidationExpression: '^[a-z]+$',
        ttl: 300,
        uri: `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${fnArn('token-auth')}/invocations`,
      },
    );
    const row = page.locator('tr[data-authorizer="tokens"]');
    await row.waitFor();
    assert.deepEqual(await row.locator('td').allTextContents(), ['tokens', tokensId, 'Lambda (Token)', 'method.request.header.Authorization', '300 s', fnArn('token-auth')]);
    const policy = JSON.parse((await lambda.send(new GetPolicyCommand({ FunctionName: 'token-auth' }))).Policy ?? '{}') as { Statement: Array<{ Condition?: { ArnLike?: Record<string, string> } }> };
    assert.deepEqual(
      policy.Statement.map((s) => s.Condition?.ArnLike?.['AWS:SourceArn']),
      [`arn:aws:execute-api:us-east-1:${ACCOUNT}:${apiId}/authorizers/${tokensId}`],
    );
  });

  it("shows the API's message for a bad TTL, then creates a REQUEST authorizer with two identity sources and no caching", async () => {
    await page.getByRole('button', { name: 'Create authorizer' }).click();
    const form = page.getByRole('form', { name: 'Create authorizer' });
    await form.getByLabel('Authorizer name').fill('teams');
    await form.getByRole('combobox', { name: 'Lambda function' }).selectOption({ label: 'token-auth (nodejs20.x)' });
    await form.getByRole('radio', { name: /^Request/ }).check();
    await form.getByLabel('Identity source key 1').fill('X-User');
    await form.getByRole('button', { name: 'Add identity source' }).click();
    await form.getByLabel('Identity source type 2').selectOption({ label: 'Query string' });
    await form.getByLabel('Identity source key 2').fill('team');
    await page.screenshot({ path: SCREENSHOTS + 'create-authorizer.png', fullPage: true });
    await form.getByLabel('TTL').fill('5000');
    await form.getByRole('button', { name: 'Create authorizer' }).click();
    assert.equal(await form.getByRole('alert').textContent(), 'Invalid Authorizer TTL specified: 5000. It must be between 0 and 3600 seconds.');
    await form.getByRole('checkbox', { name: /^Authorization caching/ }).uncheck();
    await form.getByRole('button', { name: 'Create authorizer' }).click();
    await page.getByTestId('flash').getByText("Successfully created authorizer 'teams'.").waitFor();
    await page.locator('tr[data-authorizer="teams"]').waitFor();
    const cells = await page.locator('tr[data-authorizer="teams"] td').allTextContents();
    assert.deepEqual([cells[2], cells[3], cells[4]], ['Lambda (Request)', 'method.request.header.X-User, method.request.querystring.team', '0 s']);
    const teams = ((await apig.send(new GetAuthorizersCommand({ restApiId: apiId }))).items ?? []).find((a) => a.name === 'teams');
    assert.deepEqual([teams?.type, teams?.identitySource, teams?.authorizerResultTtlInSeconds], ['REQUEST', 'method.request.header.X-User, method.request.querystring.team', 0]);
    teamsId = teams!.id!;
  });

  it('assigns the authorizer to a method: CUSTOM offers the Lambda authorizers only', async () => {
    await page.getByRole('link', { name: 'Resources' }).click();
    await page.locator('[data-method="GET /guarded"]').click();
    assert.equal(await page.getByTestId('method-authorization').textContent(), 'NONE');
    await page.getByRole('button', { name: 'Edit method request' }).click();
    const form = page.getByRole('form', { name: 'Edit method request' });
    await form.getByRole('combobox', { name: 'Authorization', exact: true }).selectOption({ label: 'Cognito user pool authorizer' });
    // The API's authorizers have loaded once the list offers a choice.
    await form.getByRole('combobox', { name: 'Authorizer' }).locator('option', { hasText: 'Choose an authorizer' }).waitFor({ state: 'attached' });
    assert.deepEqual(await form.getByRole('combobox', { name: 'Authorizer' }).locator('option').allTextContents(), ['Choose an authorizer']);
    await form.getByRole('combobox', { name: 'Authorization', exact: true }).selectOption({ label: 'Lambda authorizer' });
    await form.getByRole('combobox', { name: 'Authorizer' }).locator('option', { hasText: `tokens (${tokensId})` }).waitFor({ state: 'attached' });
    const offered = await form.getByRole('combobox', { name: 'Authorizer' }).locator('option').allTextContents();
    assert.deepEqual(offered.slice(1).sort(), [`teams (${teamsId})`, `tokens (${tokensId})`].sort());
    await form.getByRole('combobox', { name: 'Authorizer' }).selectOption({ label: `tokens (${tokensId})` });
    await form.getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('flash').getByText("Successfully edited the method request of 'GET' in '/guarded'.").waitFor();
    // The details show the method as reloaded after the save.
    await page.getByTestId('method-authorization').getByText('CUSTOM').waitFor();
    await page.getByTestId('method-authorizer').getByText(`tokens (${tokensId}), Lambda (Token)`).waitFor();
    const method = await apig.send(new GetMethodCommand({ restApiId: apiId, resourceId: guardedId, httpMethod: 'GET' }));
    assert.deepEqual([method.authorizationType, method.authorizerId], ['CUSTOM', tokensId]);
  });

  it("refuses to delete an authorizer a method uses, with AWS's ConflictException message", async () => {
    await page.getByRole('link', { name: 'Authorizers' }).click();
    await page.locator('tr[data-authorizer="tokens"]').click();
    await page.getByRole('button', { name: 'Delete authorizer' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete authorizer' });
    await dialog.getByRole('button', { name: 'Delete' }).click();
    assert.equal(await dialog.getByRole('alert').textContent(), "Cannot delete authorizer 'tokens', is referenced in method: GET /guarded");
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    assert.equal(((await apig.send(new GetAuthorizersCommand({ restApiId: apiId }))).items ?? []).length, 2);
  });

  it('tests the authorizer: an allowed token with its principal, policy and log, and a refused one', async () => {
    await page.getByRole('button', { name: 'Test authorizer' }).click();
    const form = page.getByRole('form', { name: 'Test authorizer' });
    await form.getByLabel('Token value').fill('allow');
    await form.getByRole('button', { name: 'Test authorizer' }).click();
    const result = page.getByTestId('authorizer-test-result');
    await result.waitFor();
    assert.equal(await page.getByTestId('authorizer-test-status').textContent(), '200');
    assert.equal(await page.getByTestId('authorizer-test-principal').textContent(), 'alice');
    const policy = JSON.parse((await page.getByTestId('authorizer-test-policy').textContent()) ?? '{}') as { Statement: Array<{ Effect: string; Resource: string }> };
    assert.deepEqual(policy.Statement.map((s) => [s.Effect, s.Resource]), [['Allow', `arn:aws:execute-api:us-east-1:${ACCOUNT}:${apiId}/ESTestInvoke-stage/GET/`]]);
    const log = (await page.getByTestId('authorizer-test-log').textContent()) ?? '';
    assert.match(log, new RegExp(`Starting authorizer: ${tokensId} for request: test-request`));
    assert.match(log, /authorizing alice/);
    await page.screenshot({ path: SCREENSHOTS + 'authorizer-test.png', fullPage: true });

    await form.getByLabel('Token value').fill('unauthorized');
    await form.getByRole('button', { name: 'Test authorizer' }).click();
    await page.getByTestId('authorizer-test-status').getByText('401').waitFor();
    assert.equal(await page.getByTestId('authorizer-test-principal').textContent(), '-');
  });

  it("edits the authorizer's TTL", async () => {
    await page.getByRole('button', { name: 'Edit authorizer' }).click();
    const form = page.getByRole('form', { name: 'Edit authorizer' });
    assert.equal(await form.getByLabel(/^Token validation/).inputValue(), '^[a-z]+$');
    await form.getByLabel('TTL').fill('60');
    await form.getByRole('button', { name: 'Save changes' }).click();
    await page.getByTestId('flash').getByText("Successfully edited authorizer 'tokens'.").waitFor();
    await page.locator('tr[data-authorizer="tokens"] td').nth(4).getByText('60 s').waitFor();
    const tokens = ((await apig.send(new GetAuthorizersCommand({ restApiId: apiId }))).items ?? []).find((a) => a.id === tokensId);
    assert.equal(tokens?.authorizerResultTtlInSeconds, 60);
  });

  it('creates a Cognito user pool authorizer and makes a method require it with scopes, then AWS IAM instead', async () => {
    const root = (await apig.send(new GetResourcesCommand({ restApiId: apiId }))).items!.find((r) => r.path === '/')!;
    const poolId = (await apig.send(new CreateResourceCommand({ restApiId: apiId, parentId: root.id!, pathPart: 'pool' }))).id!;
    await apig.send(new PutMethodCommand({ restApiId: apiId, resourceId: poolId, httpMethod: 'GET', authorizationType: 'NONE' }));
    await apig.send(new PutIntegrationCommand({ restApiId: apiId, resourceId: poolId, httpMethod: 'GET', type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }));
    await apig.send(new PutMethodResponseCommand({ restApiId: apiId, resourceId: poolId, httpMethod: 'GET', statusCode: '200' }));
    await apig.send(new PutIntegrationResponseCommand({ restApiId: apiId, resourceId: poolId, httpMethod: 'GET', statusCode: '200' }));
    // A user pool of the account's, which the form offers by name.
    const createdPool = await fetch(gh.url, {
      method: 'POST',
      headers: { authorization: sigv4Header('cognito-idp'), 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.CreateUserPool' },
      body: JSON.stringify({ PoolName: 'console-pool' }),
    });
    const { UserPool: userPool } = (await createdPool.json()) as { UserPool: { Id: string; Arn: string } };
    const poolArn = userPool.Arn;
    assert.match(poolArn, new RegExp(`^arn:aws:cognito-idp:us-east-1:${ACCOUNT}:userpool/us-east-1_`));

    await page.goto(`${gh.consoleUrl}apis/${apiId}/authorizers`);
    await page.getByRole('button', { name: 'Create authorizer' }).click();
    const form = page.getByRole('form', { name: 'Create authorizer' });
    await form.getByLabel('Authorizer name').fill('pool');
    await form.getByRole('radio', { name: /^Cognito/ }).check();
    await form.getByRole('combobox', { name: 'Add a user pool' }).selectOption({ label: `console-pool (${userPool.Id})` });
    assert.equal(await form.getByLabel('User pool ARNs').inputValue(), poolArn);
    await form.getByRole('button', { name: 'Create authorizer' }).click();
    await page.getByTestId('flash').getByText("Successfully created authorizer 'pool'.").waitFor();
    await page.locator('tr[data-authorizer="pool"]').waitFor();
    const cells = await page.locator('tr[data-authorizer="pool"] td').allTextContents();
    assert.deepEqual([cells[0], cells[2], cells[3], cells[4], cells[5]], ['pool', 'Cognito', 'method.request.header.Authorization', '300 s', poolArn]);
    const pool = ((await apig.send(new GetAuthorizersCommand({ restApiId: apiId }))).items ?? []).find((a) => a.name === 'pool')!;
    assert.deepEqual([pool.type, pool.providerARNs, pool.identitySource], ['COGNITO_USER_POOLS', [poolArn], 'method.request.header.Authorization']);

    // Another pool added, the first removed: UpdateAuthorizer add and remove /providerARNs.
    const otherPool = `arn:aws:cognito-idp:us-east-1:${ACCOUNT}:userpool/us-east-1_Other42`;
    await page.locator('tr[data-authorizer="pool"]').click();
    await page.getByRole('button', { name: 'Edit authorizer' }).click();
    const editForm = page.getByRole('form', { name: 'Edit authorizer' });
    assert.equal(await editForm.getByLabel('User pool ARNs').inputValue(), poolArn);
    await editForm.getByLabel('User pool ARNs').fill(otherPool);
    await editForm.getByRole('button', { name: 'Save changes' }).click();
    await page.getByTestId('flash').getByText("Successfully edited authorizer 'pool'.").waitFor();
    await page.locator('tr[data-authorizer="pool"] td').nth(5).getByText(otherPool).waitFor();
    const edited = ((await apig.send(new GetAuthorizersCommand({ restApiId: apiId }))).items ?? []).find((a) => a.name === 'pool')!;
    assert.deepEqual([edited.providerARNs, edited.authorizerResultTtlInSeconds], [[otherPool], 300]);

    await page.getByRole('link', { name: 'Resources' }).click();
    await page.locator('[data-method="GET /pool"]').click();
    const edit = async (): Promise<void> => {
      await page.getByRole('button', { name: 'Edit method request' }).click();
    };
    const saved = async (): Promise<void> => {
      await page.getByRole('form', { name: 'Edit method request' }).getByRole('button', { name: 'Save' }).click();
      await page.getByRole('form', { name: 'Edit method request' }).waitFor({ state: 'detached' });
    };
    const method = () => apig.send(new GetMethodCommand({ restApiId: apiId, resourceId: poolId, httpMethod: 'GET' }));
    await edit();
    const request = page.getByRole('form', { name: 'Edit method request' });
    await request.getByRole('combobox', { name: 'Authorization', exact: true }).selectOption({ label: 'Cognito user pool authorizer' });
    await request.getByRole('combobox', { name: 'Authorizer' }).locator('option', { hasText: `pool (${pool.id})` }).waitFor({ state: 'attached' });
    assert.deepEqual(await request.getByRole('combobox', { name: 'Authorizer' }).locator('option').allTextContents(), ['Choose an authorizer', `pool (${pool.id})`]);
    await request.getByRole('combobox', { name: 'Authorizer' }).selectOption({ label: `pool (${pool.id})` });
    await request.getByLabel('Authorization scopes').fill('orders/read\norders/write');
    await page.screenshot({ path: SCREENSHOTS + 'method-request.png', fullPage: true });
    await saved();
    await page.getByTestId('method-scopes').getByText('orders/read, orders/write').waitFor();
    assert.equal(await page.getByTestId('method-authorization').textContent(), 'COGNITO_USER_POOLS');
    const cognito = await method();
    assert.deepEqual([cognito.authorizationType, cognito.authorizerId, cognito.authorizationScopes], ['COGNITO_USER_POOLS', pool.id, ['orders/read', 'orders/write']]);

    await edit();
    assert.equal(await request.getByLabel('Authorization scopes').inputValue(), 'orders/read\norders/write');
    await request.getByLabel('Authorization scopes').fill('orders/read');
    await saved();
    await page.getByTestId('method-scopes').getByText('orders/read', { exact: true }).waitFor();
    assert.deepEqual((await method()).authorizationScopes, ['orders/read']);

    await edit();
    await request.getByRole('combobox', { name: 'Authorization', exact: true }).selectOption({ label: 'AWS IAM' });
    await saved();
    await page.getByTestId('method-authorization').getByText('AWS_IAM').waitFor();
    const iam = await method();
    assert.deepEqual([iam.authorizationType, iam.authorizerId, iam.authorizationScopes], ['AWS_IAM', undefined, undefined]);
  });

  it("flushes a stage's authorizer cache, and the Requests view shows each request's steps: called, cached, refused", async () => {
    await apig.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'test' }));
    const called = await callGuarded('allow');
    const cached = await callGuarded('allow');
    const refused = await callGuarded();
    assert.deepEqual([called.status, cached.status, refused.status], [200, 200, 401]);

    await page.goto(`${gh.consoleUrl}apis/${apiId}/authorizers`);
    const flush = page.getByRole('form', { name: 'Flush authorizer cache' });
    assert.equal(await flush.getByLabel('Stage').inputValue(), 'test');
    await flush.getByRole('button', { name: 'Flush authorizer cache' }).click();
    await page.getByTestId('flash').getByText('Successfully flushed the authorizer cache of stage test.').waitFor();
    const afterFlush = await callGuarded('allow');
    assert.equal(afterFlush.status, 200);

    await page.goto(`${gh.consoleUrl}requests`);
    const row = (id: string) => page.locator(`tr[data-request-id="${id}"]`);
    await row(afterFlush.requestId).waitFor();
    assert.match((await row(refused.requestId).textContent()) ?? '', /401Denied by authorizer tokens \(not called\)/);
    assert.match((await row(called.requestId).textContent()) ?? '', /200Allowed/);

    const detail = page.getByTestId('request-detail');
    const step = (name: string) => detail.locator(`[data-step="${name}"]`);
    const summaries = async (): Promise<Array<[string | null, string | null]>> =>
      Promise.all(['resolve', 'route', 'endpoint-policy', 'authorization', 'api-key', 'integration'].map(async (n) => [await step(n).getAttribute('data-state'), await step(n).locator('.step-summary').textContent()] as [string | null, string | null]));

    await row(called.requestId).click();
    await detail.locator('dd.mono').first().getByText(called.requestId).waitFor();
    assert.deepEqual(await detail.locator('.pipeline-step h3').allTextContents(), ['Resolve: Passed', 'Route: Passed', 'VPC endpoint policy: Not applicable', 'Authorization: Passed', 'API key: Not applicable', 'Throttle: Not applicable', 'Integration: Passed']);
    assert.deepEqual(await summaries(), [
      ['passed', `API ${apiId}, stage test.`],
      ['passed', 'Resource GET /guarded.'],
      ['skipped', 'The request did not come through a VPC endpoint.'],
      ['passed', "Allowed. CUSTOM: its policy and the resource policy combine as AWS's Table A: an explicit deny in either refuses, else an Allow in either admits."],
      ['skipped', 'The method requires no API key.'],
      ['passed', 'AWS_PROXY integration answered 200.'],
    ]);
    assert.match((await step('authorization').getByTestId('authorizer-facts').textContent()) ?? '', new RegExp(`^TOKEN authorizer tokens \\(${tokensId}\\): answered, in \\d+ ms, principal alice$`));
    assert.equal(await step('authorization').locator('[data-policy="authorizer"] .decision').textContent(), 'Allow');
    assert.equal(await step('authorization').locator('[data-policy="resource"] .decision').textContent(), 'NoPolicy');
    assert.match((await step('authorization').getByTestId('authorizer-log').textContent()) ?? '', /authorizing alice/);
    await page.screenshot({ path: SCREENSHOTS + 'request-steps.png', fullPage: true });

    await row(cached.requestId).click();
    await detail.locator('dd.mono').first().getByText(cached.requestId).waitFor();
    assert.equal(await step('authorization').getByTestId('authorizer-facts').textContent(), `TOKEN authorizer tokens (${tokensId}): answered, from the stage cache, principal alice`);

    await row(afterFlush.requestId).click();
    await detail.locator('dd.mono').first().getByText(afterFlush.requestId).waitFor();
    assert.match((await step('authorization').getByTestId('authorizer-facts').textContent()) ?? '', /: answered, in \d+ ms, principal alice$/);

    // An AWS_IAM method (GET /pool, set above) called with curl's SigV4: the caller and the table that decided.
    const signed = await execFileAsync('curl', ['-sS', '-o', '/dev/null', '-D', '-', '--aws-sigv4', 'aws:amz:us-east-1:execute-api', '--user', 'test:test', `${gh.url}/_aws/execute-api/${apiId}/test/pool`]);
    assert.match(signed.stdout, /^HTTP\/1\.1 200 /);
    const signedId = /x-amzn-requestid: (\S+)/i.exec(signed.stdout)?.[1] ?? '';
    await row(signedId).click();
    await detail.locator('dd.mono').first().getByText(signedId).waitFor();
    assert.deepEqual((await summaries())[3], ['passed', 'Allowed. AWS_IAM: identity-based policies Allow (the account root), resource policy None, combined by Table A (same account: either policy may allow): Allow.']);
    assert.match((await step('authorization').getByTestId('request-caller').textContent()) ?? '', /^Signed by arn:aws:iam::000000000000:root with test/);

    await row(refused.requestId).click();
    await detail.locator('dd.mono').first().getByText(refused.requestId).waitFor();
    const refusedSteps = await summaries();
    assert.deepEqual(refusedSteps.slice(3), [
      ['refused', "Refused: 401 UnauthorizedException. CUSTOM: its policy and the resource policy combine as AWS's Table A: an explicit deny in either refuses, else an Allow in either admits."],
      ['not-reached', 'Not reached: an earlier step answered.'],
      ['not-reached', 'Not reached: an earlier step answered.'],
    ]);
    assert.equal(await step('authorization').getByTestId('authorizer-facts').textContent(), `TOKEN authorizer tokens (${tokensId}): not called`);
    assert.equal(await step('authorization').getByTestId('authorizer-reason').textContent(), 'the identity source method.request.header.Authorization is missing or empty, so the authorizer was not called');
    assert.equal(await page.getByTestId('request-reason').textContent(), `authorizer tokens (${tokensId}): the identity source method.request.header.Authorization is missing or empty, so the authorizer was not called`);
    assert.deepEqual(pageErrors, []);
  });
});
