/**
 * Changing an API through the console, in Debian's Chromium: a method's integration edited (type, function,
 * timeout, with API Gateway's own validation message), a method and a resource deleted, stage variables
 * added, changed and removed (and seen by the function at once), a stage deleted, and the API's settings
 * (endpoint type with AWS's rules, VPC endpoints). Every change is checked through the SDK.
 */
import {
  CreateDeploymentCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  GetIntegrationCommand,
  GetResourcesCommand,
  GetRestApiCommand,
  GetStagesCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
  type APIGatewayClient,
} from '@aws-sdk/client-api-gateway';
import type { EC2Client } from '@aws-sdk/client-ec2';
import { CreateFunctionCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { Gatehouse } from '../src/server/gatehouse.js';
import { launchConsoleBrowser, SCREENSHOTS } from './support/browser.js';
import { lambdaClient, ROLE, zipOf } from './support/lambda.js';
import { createPrivateNetwork } from './support/network.js';
import { apigatewayClient, ec2Client, startTestGatehouse } from './support/server.js';

let gh: Gatehouse;
let apigateway: APIGatewayClient;
let ec2: EC2Client;
let lambda: LambdaClient;
let browser: Browser;
let page: Page;
let pageErrors: string[];

before(async () => {
  let launched;
  [gh, launched] = await Promise.all([startTestGatehouse(), launchConsoleBrowser()]);
  ({ browser, page, pageErrors } = launched);
  apigateway = apigatewayClient(gh);
  ec2 = ec2Client(gh);
  lambda = lambdaClient(gh);
});

after(async () => {
  await browser?.close();
  apigateway?.destroy();
  ec2?.destroy();
  lambda?.destroy();
  await gh?.dispose();
});

/** A public API with GET /pets and GET /pets/{id} (Mock), deployed to `dev`. */
async function petsApi(): Promise<{ apiId: string; petsId: string; petId: string }> {
  const apiId = (await apigateway.send(new CreateRestApiCommand({ name: 'Edit me', endpointConfiguration: { types: ['REGIONAL'] } }))).id!;
  const rootId = (await apigateway.send(new GetResourcesCommand({ restApiId: apiId }))).items![0]!.id!;
  const petsId = (await apigateway.send(new CreateResourceCommand({ restApiId: apiId, parentId: rootId, pathPart: 'pets' }))).id!;
  const petId = (await apigateway.send(new CreateResourceCommand({ restApiId: apiId, parentId: petsId, pathPart: '{id}' }))).id!;
  for (const resourceId of [petsId, petId]) {
    await apigateway.send(new PutMethodCommand({ restApiId: apiId, resourceId, httpMethod: 'GET', authorizationType: 'NONE' }));
    await apigateway.send(new PutIntegrationCommand({ restApiId: apiId, resourceId, httpMethod: 'GET', type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }));
    await apigateway.send(new PutMethodResponseCommand({ restApiId: apiId, resourceId, httpMethod: 'GET', statusCode: '200' }));
    await apigateway.send(new PutIntegrationResponseCommand({ restApiId: apiId, resourceId, httpMethod: 'GET', statusCode: '200', responseTemplates: { 'application/json': '{"pets": []}' } }));
  }
  await apigateway.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'dev' }));
  return { apiId, petsId, petId };
}

describe('editing an API in the console', () => {
  let api: { apiId: string; petsId: string; petId: string };
  before(async () => {
    api = await petsApi();
    const code = 'exports.handler = async (event) => ({ statusCode: 200, body: JSON.stringify(event.stageVariables) });';
    await lambda.send(new CreateFunctionCommand({ FunctionName: 'stage-echo', Runtime: 'nodejs20.x', Role: ROLE, Handler: 'index.handler', Code: { ZipFile: zipOf({ 'index.js': code }) } }));
  });

  it('edits a method\'s integration: Mock to Lambda proxy with a timeout, after the API\'s message for a bad one', async () => {
    await page.goto(`${gh.consoleUrl}apis/${api.apiId}/resources`);
    await page.locator('[data-method="GET /pets"]').click();
    assert.equal(await page.getByTestId('integration-type').textContent(), 'Mock');
    assert.equal(await page.getByTestId('integration-timeout').textContent(), '29000 ms');
    await page.getByRole('button', { name: 'Edit integration' }).click();
    const form = page.getByRole('form', { name: 'Edit integration' });
    assert.equal(await form.getByLabel('Method type').isDisabled(), true);
    assert.equal(await form.getByRole('radio', { name: /^Mock/ }).isChecked(), true);
    await form.getByRole('radio', { name: /^Lambda function/ }).check();
    await form.getByRole('combobox', { name: 'Lambda function' }).selectOption({ label: 'stage-echo (nodejs20.x)' });
    await form.getByLabel('Integration timeout').fill('30000');
    await form.getByRole('button', { name: 'Save' }).click();
    assert.equal(await form.getByRole('alert').textContent(), 'Timeout should be between 50 ms and 29000 ms');
    await form.getByLabel('Integration timeout').fill('5000');
    await form.getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('flash').getByText("Successfully edited the integration of 'GET' in '/pets'.").waitFor();
    assert.equal(await page.getByTestId('integration-type').textContent(), 'Lambda proxy');
    assert.equal(await page.getByTestId('integration-timeout').textContent(), '5000 ms');
    const integration = await apigateway.send(new GetIntegrationCommand({ restApiId: api.apiId, resourceId: api.petsId, httpMethod: 'GET' }));
    assert.equal(integration.type, 'AWS_PROXY');
    assert.equal(integration.timeoutInMillis, 5000);
    assert.match(integration.uri ?? '', /:function:stage-echo\/invocations$/);
  });

  it('sets, changes and removes stage variables, which the function sees at once, and shows every invoke URL', async () => {
    await apigateway.send(new CreateDeploymentCommand({ restApiId: api.apiId, stageName: 'dev' }));
    await page.goto(`${gh.consoleUrl}apis/${api.apiId}/stages`);
    const stage = page.getByRole('region', { name: 'Stage dev' });
    await stage.getByText('No stage variables').waitFor();
    const form = stage.getByRole('form', { name: 'Stage variable' });
    const call = async (): Promise<string> => (await fetch(`${gh.url}/_aws/execute-api/${api.apiId}/dev/pets`)).text();
    assert.equal(await call(), 'null');

    await form.getByLabel('Name').fill('backend');
    await form.getByLabel('Value').fill('blue');
    await form.getByRole('button', { name: 'Save variable' }).click();
    await page.getByTestId('flash').getByText("Successfully saved stage variable 'backend' of dev.").waitFor();
    await stage.locator('tr[data-variable="backend"]').waitFor();
    assert.equal(await call(), '{"backend":"blue"}');

    await stage.locator('tr[data-variable="backend"]').getByRole('button', { name: 'Edit' }).click();
    assert.equal(await form.getByLabel('Value').inputValue(), 'blue');
    await form.getByLabel('Value').fill('green');
    await form.getByRole('button', { name: 'Save variable' }).click();
    await stage.locator('tr[data-variable="backend"] td').nth(1).getByText('green').waitFor();
    assert.equal(await call(), '{"backend":"green"}');
    const [dev] = (await apigateway.send(new GetStagesCommand({ restApiId: api.apiId }))).item ?? [];
    assert.deepEqual(dev?.variables, { backend: 'green' });
    await page.screenshot({ path: SCREENSHOTS + 'stage-variables.png', fullPage: true });

    // Test, from this machine (there is no instance yet): the public API on Gatehouse's port.
    await page.getByRole('link', { name: 'Test' }).click();
    const testForm = page.getByRole('form', { name: 'Test' });
    assert.equal(await testForm.getByLabel('Send from').inputValue(), '*host*');
    await testForm.getByLabel('Path').fill('/pets');
    await testForm.getByRole('button', { name: 'Test' }).click();
    await page.getByTestId('test-status').getByText('200').waitFor();
    assert.equal(await page.getByTestId('test-body').textContent(), '{"backend":"green"}');
    const event = JSON.parse((await page.getByTestId('lambda-event').textContent()) ?? '{}') as { stageVariables: unknown; path: string };
    assert.deepEqual([event.path, event.stageVariables], ['/pets', { backend: 'green' }]);
    await page.getByRole('link', { name: 'Stages' }).click();

    // The API's own message for a name it refuses.
    await form.getByLabel('Name').fill('bad name!');
    await form.getByLabel('Value').fill('x');
    await form.getByRole('button', { name: 'Save variable' }).click();
    assert.ok(((await stage.getByRole('alert').textContent()) ?? '').length > 0);

    await stage.locator('tr[data-variable="backend"]').getByRole('button', { name: 'Remove' }).click();
    await stage.getByText('No stage variables').waitFor();
    assert.equal(await call(), 'null');
  });

  it('deletes a method, then a resource with its children', async () => {
    await page.goto(`${gh.consoleUrl}apis/${api.apiId}/resources`);
    await page.locator('[data-method="GET /pets/{id}"]').click();
    await page.getByRole('button', { name: 'Delete method' }).click();
    await page.getByRole('dialog', { name: 'Delete method' }).getByRole('button', { name: 'Delete' }).click();
    await page.getByTestId('flash').getByText("Successfully deleted method 'GET' in '/pets/{id}'.").waitFor();
    // The tree reloads after the message: the method goes with it.
    await page.locator('[data-method="GET /pets/{id}"]').waitFor({ state: 'detached' });

    await page.locator('[data-resource-path="/pets"]').click();
    await page.getByRole('button', { name: 'Delete resource' }).click();
    await page.getByRole('dialog', { name: 'Delete resource' }).getByRole('button', { name: 'Delete' }).click();
    await page.getByTestId('flash').getByText("Successfully deleted resource '/pets'.").waitFor();
    const paths = ((await apigateway.send(new GetResourcesCommand({ restApiId: api.apiId }))).items ?? []).map((r) => r.path);
    assert.deepEqual(paths, ['/']);
    await page.locator('[data-resource-path="/pets/{id}"]').waitFor({ state: 'detached' });
  });

  it('changes the endpoint type with AWS\'s rules: Regional to Private with an endpoint, then not to Edge', async () => {
    const { vpceId } = await createPrivateNetwork(ec2);
    await page.goto(`${gh.consoleUrl}apis/${api.apiId}/settings`);
    const form = page.getByRole('form', { name: 'API settings' });
    await form.getByLabel('API endpoint type').selectOption({ label: 'Private' });
    await form.getByLabel(vpceId).check();
    await form.getByRole('button', { name: 'Save changes' }).click();
    await page.getByTestId('flash').getByText('Successfully updated the settings of Edit me.').waitFor();
    const updated = await apigateway.send(new GetRestApiCommand({ restApiId: api.apiId }));
    assert.deepEqual(updated.endpointConfiguration?.types, ['PRIVATE']);
    assert.deepEqual(updated.endpointConfiguration?.vpcEndpointIds, [vpceId]);

    await form.getByLabel('API endpoint type').selectOption({ label: 'Edge-optimized' });
    await form.getByRole('button', { name: 'Save changes' }).click();
    assert.equal(await form.getByRole('alert').textContent(), 'Cannot update endpoint from PRIVATE to EDGE');
    assert.deepEqual((await apigateway.send(new GetRestApiCommand({ restApiId: api.apiId }))).endpointConfiguration?.types, ['PRIVATE']);

    // The Stages tab now lists the private names, the endpoint's alias and the endpoint's own DNS name.
    await page.getByRole('link', { name: 'Stages' }).click();
    const row = page.locator('tr[data-stage="dev"]');
    await row.locator('.endpoint-urls').waitFor();
    const urls = await row.locator('.invoke-url').allTextContents();
    assert.deepEqual(urls.slice(0, 2), [`https://${api.apiId}.execute-api.us-east-1.amazonaws.com/dev`, `https://${api.apiId}-${vpceId}.execute-api.us-east-1.amazonaws.com/dev`]);
    assert.match(urls[2] ?? '', new RegExp(`^https://${vpceId}-[a-z0-9]{8}\\.execute-api\\.us-east-1\\.vpce\\.amazonaws\\.com/dev$`));
  });

  it('deletes a stage', async () => {
    await page.goto(`${gh.consoleUrl}apis/${api.apiId}/stages`);
    await page.getByRole('region', { name: 'Stage dev' }).getByRole('button', { name: 'Delete stage' }).click();
    await page.getByRole('dialog', { name: 'Delete stage' }).getByRole('button', { name: 'Delete' }).click();
    await page.getByTestId('flash').getByText('Successfully deleted stage dev.').waitFor();
    await page.getByText('No stages').waitFor();
    assert.deepEqual((await apigateway.send(new GetStagesCommand({ restApiId: api.apiId }))).item ?? [], []);
    assert.deepEqual(pageErrors, []);
  });
});
