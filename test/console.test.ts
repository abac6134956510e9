/**
 * The web console end to end in a real browser: Debian's Chromium driven by playwright-core against a real
 * Gatehouse. The console works only through Gatehouse's AWS APIs, so what it creates the SDK sees. Screenshots
 * go to test-output/console/ (not committed) for a reviewer to look at.
 */
import {
  CreateDeploymentCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  GetResourcesCommand,
  GetRestApiCommand,
  GetRestApisCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodResponseCommand,
  PutMethodCommand,
  type APIGatewayClient,
} from '@aws-sdk/client-api-gateway';
import type { EC2Client } from '@aws-sdk/client-ec2';
import { CreateRepositoryCommand, DeleteRepositoryCommand, ECRClient } from '@aws-sdk/client-ecr';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateFunctionCommand, GetPolicyCommand, PublishLayerVersionCommand } from '@aws-sdk/client-lambda';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { Gatehouse } from '../src/server/gatehouse.js';
import { launchConsoleBrowser, SCREENSHOTS } from './support/browser.js';
import { createPrivateNetwork } from './support/network.js';
import { lambdaClient, ROLE, zipOf } from './support/lambda.js';
import { ACCOUNT, apigatewayClient, credentials, ec2Client, REGION, startTestGatehouse } from './support/server.js';

let gh: Gatehouse;
let apigateway: APIGatewayClient;
let ec2: EC2Client;
let browser: Browser;
let page: Page;

before(async () => {
  let launched;
  [gh, launched] = await Promise.all([startTestGatehouse(), launchConsoleBrowser({ height: 720 })]);
  ({ browser, page } = launched);
  apigateway = apigatewayClient(gh);
  ec2 = ec2Client(gh);
});

after(async () => {
  await browser?.close();
  apigateway?.destroy();
  ec2?.destroy();
  await gh?.dispose();
});

describe('the console', () => {
  it('creates a private API with a VPC endpoint picked from the existing ones, lists it, and deletes it', async () => {
    const { vpceId } = await createPrivateNetwork(ec2);
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));

    await page.goto(gh.consoleUrl);
    await page.waitForURL(/\/_gatehouse\/console\/apis$/);
    await page.getByText("You don't have any APIs.").waitFor();

    await page.getByRole('link', { name: 'Create API' }).click();
    await page.waitForURL(/\/_gatehouse\/console\/apis\/create$/);
    // The API's own error, shown as the AWS console shows it: the message.
    await page.getByRole('button', { name: 'Create API' }).click();
    assert.equal(await page.getByRole('alert').textContent(), 'Name cannot be empty');

    await page.getByLabel('API name').fill('Simple PetStore (Console, Private)');
    await page.getByLabel('Description').fill('The seed tutorial, through the console');
    await page.getByLabel('API endpoint type').selectOption({ label: 'Private' });
    await page.getByLabel(vpceId).check();
    await page.screenshot({ path: SCREENSHOTS + 'create-api.png', fullPage: true });
    await page.getByRole('button', { name: 'Create API' }).click();

    const flash = page.getByTestId('flash');
    await flash.getByText('Successfully created REST API').waitFor();
    const apiId = /\(([a-z0-9]{10})\)'\.$/.exec((await flash.locator('.flash-text').textContent()) ?? '')?.[1];
    assert.ok(apiId, 'the success message names the new API id');
    await page.waitForURL(/\/_gatehouse\/console\/apis$/);
    const row = page.locator(`tr[data-api-id="${apiId}"]`);
    assert.deepEqual(
      (await row.locator('td').allTextContents()).slice(1, 7),
      ['Simple PetStore (Console, Private)', 'The seed tutorial, through the console', apiId, 'REST', 'Private', vpceId],
    );
    await page.screenshot({ path: SCREENSHOTS + 'apis.png', fullPage: true });

    const listed = (await apigateway.send(new GetRestApisCommand({}))).items ?? [];
    assert.equal(listed.length, 1);
    assert.equal(listed[0]!.id, apiId);
    assert.equal(listed[0]!.description, 'The seed tutorial, through the console');
    assert.deepEqual(listed[0]!.endpointConfiguration?.types, ['PRIVATE']);
    assert.deepEqual(listed[0]!.endpointConfiguration?.vpcEndpointIds, [vpceId]);

    // A reload of a client-side route gets the page again.
    await page.reload();
    await row.waitFor();

    await row.getByRole('radio').check();
    await page.getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete API' });
    assert.equal(await dialog.getByRole('button', { name: 'Delete' }).isDisabled(), true);
    await dialog.getByPlaceholder('confirm').fill('confirm');
    await page.screenshot({ path: SCREENSHOTS + 'delete-api.png', fullPage: true });
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await flash.getByText("Successfully deleted API 'Simple PetStore (Console, Private)'.").waitFor();
    await page.getByText("You don't have any APIs.").waitFor();
    assert.deepEqual((await apigateway.send(new GetRestApisCommand({}))).items ?? [], []);
    assert.deepEqual(pageErrors, []);
  });

  it('builds an API: a resource, a Mock method, a deployment to a stage that answers on its invoke URL', async () => {
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    const api = await apigateway.send(new CreateRestApiCommand({ name: 'Pets (Console)', endpointConfiguration: { types: ['REGIONAL'] } }));
    const apiId = api.id!;

    await page.goto(gh.consoleUrl + 'apis');
    await page.getByRole('link', { name: 'Pets (Console)' }).click();
    await page.waitForURL(new RegExp(`/_gatehouse/console/apis/${apiId}/resources$`));
    await page.locator('[data-resource-path="/"]').waitFor();

    await page.getByRole('button', { name: 'Create resource' }).click();
    await page.getByLabel('Resource name').fill('pets');
    await page.getByRole('form', { name: 'Create resource' }).getByRole('button', { name: 'Create resource' }).click();
    const flash = page.getByTestId('flash');
    await flash.getByText("Successfully created resource '/pets'.").waitFor();

    await page.getByRole('button', { name: 'Create method' }).click();
    const form = page.getByRole('form', { name: 'Create method' });
    await form.getByLabel('Method type').selectOption('GET');
    await form.getByLabel('Mock').check();
    await form.getByRole('button', { name: 'Create method' }).click();
    await flash.getByText("Successfully created method 'GET' in '/pets'.").waitFor();
    assert.equal(await page.getByTestId('integration-type').textContent(), 'Mock');

    await page.getByRole('button', { name: 'Deploy API' }).click();
    const dialog = page.getByRole('dialog', { name: 'Deploy API' });
    await dialog.getByLabel('Stage name').fill('test');
    await dialog.getByRole('button', { name: 'Deploy' }).click();
    await flash.getByText('This deployment is active for test.').waitFor();

    await page.getByRole('link', { name: 'Stages' }).click();
    await page.waitForURL(new RegExp(`/_gatehouse/console/apis/${apiId}/stages$`));
    const urls = await page.locator('tr[data-stage="test"] .invoke-url').allTextContents();
    assert.deepEqual(urls, [`http://${apiId}.execute-api.localhost:${gh.port}/test`, `${gh.url}/_aws/execute-api/${apiId}/test`]);
    await page.screenshot({ path: SCREENSHOTS + 'stages.png', fullPage: true });

    const res = await fetch(`${urls[1]}/pets`);
    assert.equal(res.status, 200);

    // A greedy {proxy+} resource with ANY on a Lambda proxy integration, redeployed to the existing stage.
    const lambda = lambdaClient(gh);
    try {
      const code = 'exports.handler = async (event) => ({ statusCode: 200, body: "proxied " + event.path });';
      await lambda.send(new CreateFunctionCommand({ FunctionName: 'console-pets', Runtime: 'nodejs20.x', Role: ROLE, Handler: 'index.handler', Code: { ZipFile: zipOf({ 'index.js': code }) } }));
      await page.getByRole('link', { name: 'Resources' }).click();
      await page.locator('[data-resource-path="/pets"]').click();
      await page.getByRole('button', { name: 'Create resource' }).click();
      await page.getByLabel('Resource name').fill('{proxy+}');
      await page.getByRole('form', { name: 'Create resource' }).getByRole('button', { name: 'Create resource' }).click();
      await flash.getByText("Successfully created resource '/pets/{proxy+}'.").waitFor();
      await page.getByRole('button', { name: 'Create method' }).click();
      await form.getByLabel('Method type').selectOption('ANY');
      await form.getByLabel('Lambda function', { exact: true }).selectOption({ label: 'console-pets (nodejs20.x)' });
      await form.getByRole('button', { name: 'Create method' }).click();
      await flash.getByText("Successfully created method 'ANY' in '/pets/{proxy+}'.").waitFor();
      assert.equal(await page.getByTestId('integration-type').textContent(), 'Lambda proxy');
      const policy = JSON.parse((await lambda.send(new GetPolicyCommand({ FunctionName: 'console-pets' }))).Policy ?? '{}') as { Statement: { Condition?: unknown }[] };
      assert.deepEqual(policy.Statement.map((st) => st.Condition), [{ ArnLike: { 'AWS:SourceArn': `arn:aws:execute-api:us-east-1:${ACCOUNT}:${apiId}/*/*/pets/*` } }]);
      await page.screenshot({ path: SCREENSHOTS + 'resources.png', fullPage: true });

      await page.getByRole('button', { name: 'Deploy API' }).click();
      assert.equal(await dialog.getByLabel('Stage', { exact: true }).inputValue(), 'test');
      await dialog.getByRole('button', { name: 'Deploy' }).click();
      await flash.getByText('This deployment is active for test.').waitFor();
      const proxied = await fetch(`${urls[1]}/pets/dogs/rex`, { method: 'POST' });
      assert.equal(await proxied.text(), 'proxied /pets/dogs/rex');
      assert.equal(proxied.status, 200);
    } finally {
      lambda.destroy();
    }
    assert.deepEqual(pageErrors, []);
  });

  it('serves its files with their content types, index.html for its own routes, and 404 outside', async () => {
    const index = await fetch(gh.consoleUrl);
    assert.equal(index.status, 200);
    assert.equal(index.headers.get('content-type'), 'text/html; charset=utf-8');
    const html = await index.text();
    const script = /src="(\/_gatehouse\/console\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    const style = /href="(\/_gatehouse\/console\/assets\/[^"]+\.css)"/.exec(html)?.[1];
    assert.ok(script && style, 'index.html loads the built script and style');
    assert.equal((await fetch(gh.url + script)).headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.equal((await fetch(gh.url + style)).headers.get('content-type'), 'text/css; charset=utf-8');

    const route = await fetch(`${gh.consoleUrl}apis/create`);
    assert.equal(route.status, 200);
    assert.equal(await route.text(), html);
    const bare = await fetch(gh.url + '/_gatehouse/console', { redirect: 'manual' });
    assert.equal(bare.status, 308);
    assert.equal(bare.headers.get('location'), '/_gatehouse/console/');

    assert.equal((await fetch(`${gh.consoleUrl}assets/missing.js`)).status, 404);
    assert.equal((await fetch(gh.url + '/_gatehouse/consolex')).status, 404);
    assert.equal(await rawStatus('GET', '/_gatehouse/console/..%2f..%2fpackage.json'), 404);
    assert.equal(await rawStatus('POST', '/_gatehouse/console/'), 405);
  });

  it('refuses requests from other origins', async () => {
    const foreign = await fetch(gh.consoleUrl, { headers: { Origin: 'http://attacker.example' } });
    assert.equal(foreign.status, 403);
    assert.match(await foreign.text(), /refuses requests from other origins/);
    assert.equal((await fetch(gh.consoleUrl, { headers: { 'Sec-Fetch-Site': 'cross-site' } })).status, 403);
    assert.equal(await rawStatus('GET', '/_gatehouse/console/', { Host: 'rebound.attacker.example' }), 403);
    assert.equal((await fetch(gh.consoleUrl, { headers: { Origin: gh.url } })).status, 200);
  });

  it('edits a private API\'s resource policy: the VPC endpoint template, the API\'s own validation message, delete', async () => {
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    const { vpceId } = await createPrivateNetwork(ec2);
    const api = await apigateway.send(new CreateRestApiCommand({ name: 'Policy (Console)', endpointConfiguration: { types: ['PRIVATE'], vpcEndpointIds: [vpceId] } }));
    const apiId = api.id!;
    const policyOf = async (): Promise<string | undefined> => (await apigateway.send(new GetRestApiCommand({ restApiId: apiId }))).policy;

    await page.goto(`${gh.consoleUrl}apis/${apiId}/resources`);
    await page.getByRole('link', { name: 'Resource policy' }).click();
    await page.waitForURL(new RegExp(`/_gatehouse/console/apis/${apiId}/resource-policy$`));
    const form = page.getByRole('form', { name: 'Resource policy' });
    const editor = form.getByLabel('Policy document');
    const loaded = form.locator('textarea:enabled');
    await loaded.waitFor();
    assert.equal(await editor.inputValue(), '');
    assert.equal(await form.getByRole('button', { name: 'Delete policy' }).isDisabled(), true);

    await form.getByRole('button', { name: 'Source VPC endpoint allowlist' }).click();
    assert.match(await editor.inputValue(), new RegExp(`"aws:SourceVpce": "${vpceId}"`));
    await form.getByRole('button', { name: 'Save changes' }).click();
    const flash = page.getByTestId('flash');
    await flash.getByText('Successfully saved the resource policy of Policy (Console).').waitFor();
    await page.getByTestId('policy-not-deployed').getByText('Deploy your API to apply the changes.').waitFor();

    // GetRestApi answers AWS's escaped form; decoded, it is the template with execute-api:/* expanded.
    const wire = await policyOf();
    assert.ok(wire?.includes('\\"'), 'the policy is in AWS\'s escaped form');
    const saved = JSON.parse(wire!.replace(/\\(.)/g, '$1')) as { Statement: { Effect: string; Resource: string; Condition?: unknown }[] };
    assert.deepEqual(saved.Statement.map((st) => st.Effect), ['Deny', 'Allow']);
    assert.deepEqual(saved.Statement[0]!.Condition, { StringNotEquals: { 'aws:SourceVpce': vpceId } });
    assert.equal(saved.Statement[1]!.Resource, `arn:aws:execute-api:us-east-1:${ACCOUNT}:${apiId}/*`);
    // The editor shows the saved policy unescaped, and again after a reload.
    await page.reload();
    await page.getByTestId('policy-not-deployed').waitFor();
    await loaded.waitFor();
    assert.deepEqual(JSON.parse(await editor.inputValue()), saved);
    await page.screenshot({ path: SCREENSHOTS + 'resource-policy.png', fullPage: true });

    // Invalid JSON goes to the API, and its message is what the page shows; the saved policy stays.
    await editor.fill('{"Version": "2012-10-17", "Statement": [');
    await form.getByRole('button', { name: 'Save changes' }).click();
    assert.equal(
      await form.getByTestId('policy-error').textContent(),
      'Invalid policy document. Please check the policy syntax and ensure that Principals are valid.',
    );
    assert.equal(await policyOf(), wire);

    // Deploy API clears the note. Deployed before the delete (a private API without a policy cannot be deployed),
    // with a Mock GET / made with the SDK (nor can an API without methods).
    const rootId = (await apigateway.send(new GetResourcesCommand({ restApiId: apiId }))).items![0]!.id!;
    await apigateway.send(new PutMethodCommand({ restApiId: apiId, resourceId: rootId, httpMethod: 'GET', authorizationType: 'NONE' }));
    await apigateway.send(new PutIntegrationCommand({ restApiId: apiId, resourceId: rootId, httpMethod: 'GET', type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }));
    await page.getByRole('button', { name: 'Deploy API' }).click();
    const dialog = page.getByRole('dialog', { name: 'Deploy API' });
    await dialog.getByLabel('Stage name').fill('test');
    await dialog.getByRole('button', { name: 'Deploy' }).click();
    await flash.getByText('This deployment is active for test.').waitFor();
    assert.equal(await page.getByTestId('policy-not-deployed').count(), 0);

    // Delete policy: replace /policy with an empty value; the note is back until the next deployment.
    await form.getByRole('button', { name: 'Delete policy' }).click();
    await flash.getByText('Successfully deleted the resource policy of Policy (Console).').waitFor();
    assert.equal(await editor.inputValue(), '');
    assert.equal(await policyOf(), undefined);
    await page.getByTestId('policy-not-deployed').waitFor();
    assert.deepEqual(pageErrors, []);
  });

  it('shows the network read-only: the VPC, the endpoint with its private DNS name, the instance with its exec command', async () => {
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    const { vpcId, vpceId, instanceId, subnetIds } = await createPrivateNetwork(ec2);

    await page.goto(gh.consoleUrl + 'apis');
    await page.getByRole('navigation').getByRole('link', { name: 'Network' }).click();
    await page.waitForURL(/\/_gatehouse\/console\/network$/);

    const vpc = page.locator(`tr[data-vpc-id="${vpcId}"]`);
    await vpc.waitFor();
    assert.deepEqual((await vpc.locator('td').allTextContents()).slice(1), [vpcId, 'Available', '10.0.0.0/16', 'Enabled', 'Enabled', 'No']);
    assert.equal(await page.locator(`tr[data-subnet-id="${subnetIds[1]}"] td`).nth(4).textContent(), 'us-east-1b');

    const endpoint = page.locator(`tr[data-vpce-id="${vpceId}"]`);
    const cells = await endpoint.locator('td').allTextContents();
    assert.deepEqual(cells.slice(2, 7), [vpcId, 'com.amazonaws.us-east-1.execute-api', 'Interface', 'Available', 'Yes']);
    const dnsNames = await endpoint.locator('.dns-names li').allTextContents();
    assert.ok(dnsNames.includes('execute-api.us-east-1.amazonaws.com'), `private DNS name among ${dnsNames.join(', ')}`);
    assert.ok(dnsNames.some((n) => n.startsWith(`${vpceId}-`) && n.endsWith('.vpce.amazonaws.com')));
    await endpoint.getByRole('button', { name: 'View policy' }).click();
    assert.match((await endpoint.locator('pre.policy').textContent()) ?? '', /"Effect": "Allow"/);

    const instance = page.getByRole('table', { name: 'Instances' }).locator(`tr[data-instance-id="${instanceId}"]`);
    const instanceCells = await instance.locator('td').allTextContents();
    assert.deepEqual([instanceCells[1], instanceCells[2], instanceCells[4], instanceCells[5]], [instanceId, 'Running', vpcId, subnetIds[0]]);
    assert.match(instanceCells[6] ?? '', /^10\.0\.1\.\d+$/);
    assert.equal(await instance.locator('.connect-command').textContent(), `gatehouse exec ${instanceId}`);
    await page.screenshot({ path: SCREENSHOTS + 'network.png', fullPage: true });
    assert.deepEqual(pageErrors, []);
  });

  it('lists a function, shows its configuration, tests it with an event and shows the payload and the log', async () => {
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    const lambda = lambdaClient(gh);
    const code = "exports.handler = async (event) => { console.log('console test got', event.who); return { greeting: 'Hello, ' + event.who }; };";
    const greetCode = "'use strict';\n\n// Not the handler: shown when picked from the file list.\nexports.greet = (who) => `Hello, ${who}`;\n";
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'console-hello',
        Runtime: 'nodejs20.x',
        Role: ROLE,
        Handler: 'index.handler',
        MemorySize: 256,
        Timeout: 7,
        Environment: { Variables: { GREETING_STYLE: 'plain' } },
        Code: { ZipFile: zipOf({ 'index.js': code, 'lib/greet.js': greetCode, 'package.json': '{ "name": "console-hello" }\n', 'assets/logo.bin': '\u0000\u0001\u0002PNG' }) },
      }),
    );
    lambda.destroy();

    await page.goto(gh.consoleUrl + 'apis');
    await page.getByRole('navigation').getByRole('link', { name: 'Functions' }).click();
    await page.waitForURL(/\/_gatehouse\/console\/functions$/);
    const row = page.locator('tr[data-function-name="console-hello"]');
    await row.waitFor();
    const cells = await row.locator('td').allTextContents();
    assert.deepEqual([cells[0], cells[1], cells[3], cells[4]], ['console-hello', 'nodejs20.x', '256', '7 sec']);

    await row.getByRole('link', { name: 'console-hello' }).click();
    await page.waitForURL(/\/_gatehouse\/console\/functions\/console-hello$/);
    const config = page.getByLabel('Configuration');
    await config.getByText('index.handler').waitFor();
    await config.getByText(ROLE).waitFor();
    await config.getByText('GREETING_STYLE').waitFor();

    // Code source: the deployment package's files, the handler's file (index.handler → index.js) shown first.
    const codePanel = page.locator('[aria-label="Code"]');
    const codeText = codePanel.getByTestId('code-text');
    await codeText.waitFor();
    assert.equal(await codeText.textContent(), code);
    assert.equal(await codePanel.getByTestId('code-file-name').textContent(), 'index.js');
    const files = codePanel.getByRole('list', { name: 'Files' }).getByRole('button');
    assert.deepEqual(await files.allTextContents(), ['assets/logo.bin', 'index.js', 'lib/greet.js', 'package.json']);
    assert.equal(await files.filter({ hasText: 'index.js' }).getAttribute('aria-pressed'), 'true');
    await files.filter({ hasText: 'lib/greet.js' }).click();
    await codePanel.getByTestId('code-file-name').getByText('lib/greet.js').waitFor();
    assert.equal(await codeText.textContent(), greetCode);
    await files.filter({ hasText: 'assets/logo.bin' }).click();
    await codePanel.getByTestId('code-binary').waitFor();
    assert.equal(await codeText.count(), 0);
    await files.filter({ hasText: 'index.js' }).click();
    assert.equal(await codeText.textContent(), code);
    await codePanel.scrollIntoViewIfNeeded();
    await page.screenshot({ path: SCREENSHOTS + 'function-code.png', fullPage: true });

    await page.getByLabel('Event JSON').fill('{"who": "console"}');
    await page.getByRole('button', { name: 'Test', exact: true }).click();
    const payload = page.getByTestId('test-payload');
    await payload.waitFor({ timeout: 15_000 });
    assert.deepEqual(JSON.parse((await payload.textContent()) ?? ''), { greeting: 'Hello, console' });
    await page.getByText('Executing function: succeeded').waitFor();
    const tail = (await page.getByTestId('test-log').textContent()) ?? '';
    assert.match(tail, /^START RequestId: /m);
    assert.match(tail, /console test got console/);
    assert.match(tail, /^END RequestId: /m);
    assert.match(tail, /^REPORT RequestId: /m);

    await page.getByRole('button', { name: 'Refresh logs' }).click();
    await page.getByTestId('function-logs').getByText(/console test got console/).waitFor();
    await page.screenshot({ path: SCREENSHOTS + 'function.png', fullPage: true });
    assert.deepEqual(pageErrors, []);
  });

  it("shows a Python function with a layer: its runtime, the layer, the nested handler's file first, and a Test that runs it", async () => {
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    const lambda = lambdaClient(gh);
    const layer = await lambda.send(new PublishLayerVersionCommand({ LayerName: 'console-greet', Content: { ZipFile: zipOf({ 'python/greet.py': 'def greet(who):\n    return "Hello, " + who\n' }) } }));
    const app = 'from greet import greet\n\ndef handler(event, context):\n    print("python console test got", event["who"])\n    return {"greeting": greet(event["who"])}\n';
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'console-python', Runtime: 'python3.12', Role: ROLE, Handler: 'pkg.sub.app.handler', Layers: [layer.LayerVersionArn!],
        Code: { ZipFile: zipOf({ 'pkg/__init__.py': '', 'pkg/sub/__init__.py': '', 'pkg/sub/app.py': app, 'README.txt': 'not the handler\n' }) },
      }),
    );
    lambda.destroy();

    await page.goto(gh.consoleUrl + 'functions/console-python');
    const config = page.getByLabel('Configuration');
    await config.getByText('pkg.sub.app.handler').waitFor();
    await config.getByText('python3.12').waitFor();
    const layers = config.getByRole('table', { name: 'Layers' }).locator('tbody tr');
    assert.deepEqual(await layers.first().locator('td').allTextContents(), ['1', 'console-greet', '1', `${layer.Content!.CodeSize} bytes`]);
    // Python names packages with dots: pkg.sub.app.handler lives in pkg/sub/app.py, shown first.
    const codePanel = page.locator('[aria-label="Code"]');
    await codePanel.getByTestId('code-text').waitFor();
    assert.equal(await codePanel.getByTestId('code-file-name').textContent(), 'pkg/sub/app.py');
    assert.equal(await codePanel.getByTestId('code-text').textContent(), app);

    await page.getByLabel('Event JSON').fill('{"who": "python"}');
    await page.getByRole('button', { name: 'Test', exact: true }).click();
    const payload = page.getByTestId('test-payload');
    await payload.waitFor({ timeout: 15_000 });
    assert.deepEqual(JSON.parse((await payload.textContent()) ?? ''), { greeting: 'Hello, python' });
    assert.match((await page.getByTestId('test-log').textContent()) ?? '', /python console test got python/);
    await page.screenshot({ path: SCREENSHOTS + 'function-python.png', fullPage: true });
    assert.deepEqual(pageErrors, []);
  });

  it('creates a stack from an uploaded template with a parameter, shows its events, resources and outputs, and deletes it', async () => {
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    const template = JSON.stringify({
      Description: 'A console stack',
      Parameters: { Greeting: { Type: 'String', Default: 'hello', Description: 'The value' } },
      Resources: {
        Param: { Type: 'AWS::SSM::Parameter', Properties: { Name: '/console/greeting', Type: 'String', Value: { Ref: 'Greeting' } } },
        Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.9.0.0/16' } },
      },
      Outputs: { VpcId: { Value: { Ref: 'Vpc' }, Description: 'The VPC' } },
    });

    await page.goto(gh.consoleUrl + 'apis');
    await page.getByRole('navigation').getByRole('link', { name: 'Stacks' }).click();
    await page.waitForURL(/\/_gatehouse\/console\/stacks$/);
    await page.getByText("You don't have any stacks.").waitFor();
    await page.getByRole('link', { name: 'Create stack' }).click();
    await page.waitForURL(/\/_gatehouse\/console\/stacks\/create$/);

    const form = page.getByRole('form', { name: 'Create stack' });
    await form.getByLabel('Upload a template file').setInputFiles({ name: 'template.json', mimeType: 'application/json', buffer: Buffer.from(template) });
    const greeting = form.getByLabel('Greeting');
    await greeting.waitFor();
    assert.equal(await greeting.inputValue(), 'hello');
    await greeting.fill('hi from the console');
    // The API's own message for a stack without a name.
    await form.getByRole('button', { name: 'Submit' }).click();
    assert.ok(((await form.getByRole('alert').textContent()) ?? '').length > 0);
    await form.getByLabel('Stack name').fill('console-stack');
    await form.getByRole('checkbox').check();
    await form.getByRole('button', { name: 'Submit' }).click();

    await page.waitForURL(/\/_gatehouse\/console\/stacks\/console-stack\/events$/);
    await page.getByTestId('stack-status').getByText('CREATE_COMPLETE', { exact: true }).waitFor();
    await page.locator('table[aria-label="Events"] tr[data-logical-id="Vpc"]').first().waitFor();
    await page.getByRole('link', { name: 'Resources' }).click();
    const vpcRow = page.locator('tr[data-logical-id="Vpc"]');
    await vpcRow.waitFor();
    const vpcId = (await vpcRow.locator('td').nth(1).textContent()) ?? '';
    assert.match(vpcId, /^vpc-/);
    await page.getByRole('link', { name: 'Outputs' }).click();
    const output = page.locator('tr[data-output-key="VpcId"]');
    assert.deepEqual((await output.locator('td').allTextContents()).slice(0, 3), ['VpcId', vpcId, 'The VPC']);
    await page.screenshot({ path: SCREENSHOTS + 'stack.png', fullPage: true });

    await page.getByRole('link', { name: 'Stacks', exact: true }).first().click();
    const listed = page.locator('tr[data-stack-name="console-stack"]');
    await listed.waitFor();
    const cells = await listed.locator('td').allTextContents();
    assert.deepEqual([cells[0], cells[1], cells[3]], ['console-stack', 'CREATE_COMPLETE', 'A console stack']);

    await listed.getByRole('link', { name: 'console-stack' }).click();
    await page.getByTestId('stack-status').getByText('CREATE_COMPLETE', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog', { name: 'Delete stack' }).getByRole('button', { name: 'Delete' }).click();
    await page.getByTestId('stack-status').getByText('DELETE_COMPLETE', { exact: true }).waitFor();
    assert.deepEqual(pageErrors, []);
  });

  it('lists the recent requests live, newest first, and explains why one was denied', async () => {
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    const policy = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' },
        { Sid: 'NoLocalSecrets', Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*/GET/secret', Condition: { IpAddress: { 'aws:SourceIp': '127.0.0.0/8' } } },
      ],
    };
    const api = await apigateway.send(new CreateRestApiCommand({ name: 'Requests (Console)', endpointConfiguration: { types: ['REGIONAL'] }, policy: JSON.stringify(policy) }));
    const restApiId = api.id!;
    const rootId = (await apigateway.send(new GetResourcesCommand({ restApiId }))).items![0]!.id!;
    const secretId = (await apigateway.send(new CreateResourceCommand({ restApiId, parentId: rootId, pathPart: 'secret' }))).id!;
    for (const resourceId of [rootId, secretId]) {
      await apigateway.send(new PutMethodCommand({ restApiId, resourceId, httpMethod: 'GET', authorizationType: 'NONE' }));
      await apigateway.send(new PutIntegrationCommand({ restApiId, resourceId, httpMethod: 'GET', type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }));
      await apigateway.send(new PutMethodResponseCommand({ restApiId, resourceId, httpMethod: 'GET', statusCode: '200' }));
      await apigateway.send(new PutIntegrationResponseCommand({ restApiId, resourceId, httpMethod: 'GET', statusCode: '200' }));
    }
    await apigateway.send(new CreateDeploymentCommand({ restApiId, stageName: 'live' }));
    const base = `${gh.url}/_aws/execute-api/${restApiId}/live`;
    assert.equal((await fetch(`${base}/`)).status, 200);
    assert.equal((await fetch(`${base}/secret`)).status, 403);

    await page.goto(gh.consoleUrl + 'network');
    await page.getByRole('link', { name: 'Requests', exact: true }).click();
    await page.waitForURL(/\/_gatehouse\/console\/requests$/);
    const rows = page.locator('.requests-table tbody tr').filter({ hasText: '/live' });
    const denied = rows.filter({ hasText: '/secret' });
    await denied.waitFor();
    assert.equal(await rows.count(), 2);
    // Newest first: the denied request, made last, comes before the allowed one.
    assert.match((await rows.nth(0).textContent()) ?? '', /\/secret.*403.*Denied by resource policy/);
    assert.match((await rows.nth(1).textContent()) ?? '', /200.*Allowed/);

    await denied.click();
    const detail = page.getByTestId('request-detail');
    await detail.getByText('explicit deny', { exact: false }).first().waitFor();
    assert.match((await detail.textContent()) ?? '', /Deciding statement: statement 1 \(NoLocalSecrets\)/);
    await page.screenshot({ path: SCREENSHOTS + 'requests.png', fullPage: true });

    // Denied only: the allowed request leaves the list, the denied one stays.
    await page.getByLabel('Denied only').check();
    // Wait for the state asserted (the allowed row gone, the denied one shown), never for a moment in between.
    await rows.filter({ hasText: '200' }).waitFor({ state: 'detached' });
    await denied.waitFor();
    assert.equal(await rows.count(), 1);
    assert.match((await rows.nth(0).textContent()) ?? '', /\/secret.*403/);
    assert.deepEqual(pageErrors, []);
  });

  it('lists the ECR repositories the SDK made, with their URI and settings', async () => {
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    const ecr = new ECRClient({ endpoint: gh.url, region: REGION, credentials, maxAttempts: 1 });
    try {
      await page.goto(gh.consoleUrl + 'apis');
      await page.getByRole('navigation').getByRole('link', { name: 'Repositories' }).click();
      await page.waitForURL(/\/_gatehouse\/console\/repositories$/);
      await page.getByText("You don't have any repositories.").waitFor();

      await ecr.send(new CreateRepositoryCommand({ repositoryName: 'console/app', imageTagMutability: 'IMMUTABLE', imageScanningConfiguration: { scanOnPush: true } }));
      await page.getByRole('button', { name: 'Refresh' }).click();
      const row = page.locator('tr[data-repository-name="console/app"]');
      await row.waitFor();
      const cells = await row.locator('td').allTextContents();
      assert.deepEqual([cells[0], cells[1], cells[3], cells[4], cells[5]], ['console/app', `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/console/app`, 'Enabled', 'Enabled', 'AES256']);
      assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Private repositories (1)');
      await page.screenshot({ path: SCREENSHOTS + 'repositories.png', fullPage: true });
      await ecr.send(new DeleteRepositoryCommand({ repositoryName: 'console/app' }));
      assert.deepEqual(pageErrors, []);
    } finally {
      ecr.destroy();
    }
  });

  it('lists the Cognito user pools, each with a link to its signing keys', async () => {
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(gh.consoleUrl + 'apis');
    await page.getByRole('navigation').getByRole('link', { name: 'User pools' }).click();
    await page.waitForURL(/\/_gatehouse\/console\/user-pools$/);
    await page.getByText("You don't have any user pools.").waitFor();

    const created = await fetch(gh.url, {
      method: 'POST',
      headers: { authorization: `AWS4-HMAC-SHA256 Credential=test/20261206/${REGION}/cognito-idp/aws4_request, SignedHeaders=host, Signature=0`, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.CreateUserPool' },
      body: JSON.stringify({ PoolName: 'console-people' }),
    });
    const poolId = ((await created.json()) as { UserPool: { Id: string } }).UserPool.Id;
    await page.getByRole('button', { name: 'Refresh' }).click();
    const row = page.locator(`tr[data-user-pool-id="${poolId}"]`);
    await row.waitFor();
    const cells = await row.locator('td').allTextContents();
    assert.deepEqual([cells[0], cells[1], cells[4]], ['console-people', poolId, 'jwks.json']);
    const href = await row.getByRole('link', { name: 'jwks.json' }).getAttribute('href');
    assert.equal(href, `/_aws/cognito-idp/${REGION}/${poolId}/.well-known/jwks.json`);
    const keys = (await (await fetch(gh.url + href)).json()) as { keys: Array<{ alg: string }> };
    assert.equal(keys.keys[0]?.alg, 'RS256');
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'User pools (1)');
    await page.screenshot({ path: SCREENSHOTS + 'user-pools.png', fullPage: true });
    assert.deepEqual(pageErrors, []);
  });

  it('Storage: the buckets, a bucket\'s folders and objects, and a download', async () => {
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    const s3 = new S3Client({ endpoint: gh.url, region: REGION, credentials, forcePathStyle: true, maxAttempts: 1 });
    try {
      await page.goto(gh.consoleUrl + 'apis');
      await page.getByRole('navigation').getByRole('link', { name: 'Storage' }).click();
      await page.waitForURL(/\/_gatehouse\/console\/storage$/);
      await page.getByText("You don't have any buckets.").waitFor();

      await s3.send(new CreateBucketCommand({ Bucket: 'console-bucket' }));
      await s3.send(new PutObjectCommand({ Bucket: 'console-bucket', Key: 'readme.txt', Body: 'read me' }));
      await s3.send(new PutObjectCommand({ Bucket: 'console-bucket', Key: 'docs/guide v2.md', Body: Buffer.alloc(2048, 97) }));
      await page.getByRole('button', { name: 'Refresh' }).click();
      await page.locator('tr[data-bucket-name="console-bucket"]').getByRole('link', { name: 'console-bucket' }).click();
      await page.waitForURL(/\/_gatehouse\/console\/storage\/console-bucket$/);
      await page.locator('tr[data-key="docs/"]').waitFor();
      assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Objects (2)');
      const file = await page.locator('tr[data-key="readme.txt"] td').allTextContents();
      assert.deepEqual([file[0], file[3], file[4]], ['readme.txt', '7 B', 'Standard']);

      await page.locator('tr[data-key="docs/"]').getByRole('link', { name: 'docs/' }).click();
      const guide = page.locator('tr[data-key="docs/guide v2.md"]');
      await guide.waitFor();
      assert.deepEqual((await guide.locator('td').allTextContents()).slice(0, 4).filter((_, i) => i !== 2), ['guide v2.md', 'md', '2.0 KB']);
      const [download] = await Promise.all([page.waitForEvent('download'), guide.getByRole('link', { name: 'guide v2.md' }).click()]);
      assert.equal(download.suggestedFilename(), 'guide v2.md');
      assert.equal(readFileSync((await download.path())!, 'utf8'), 'a'.repeat(2048));
      await page.screenshot({ path: SCREENSHOTS + 'storage.png', fullPage: true });
      assert.deepEqual(pageErrors, []);
    } finally {
      s3.destroy();
    }
  });
});

/** A request exactly as written (fetch would normalise the path and fix the Host). */
function rawStatus(method: string, path: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: gh.port, method, path, headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}
