/**
 * The seed tutorial done entirely through the console, in Debian's Chromium: step 1's stack from the
 * tutorial's starter template (Stacks), the private API with the stack's endpoint (step 2), GET with a Lambda
 * proxy integration (step 3), the VPC endpoint allowlist policy (step 4), Deploy API to `test` (step 5), the
 * API out of reach from a VPC without an endpoint (step 6), Test from the stack's instance: `Hello from
 * Lambda!` with the event and the log (step 7), the denial from another VPC's endpoint explained, the
 * reachability map, and the clean-up (step 8). Screenshots go to test-output/console/.
 */
import { CreateTagsCommand, type EC2Client } from '@aws-sdk/client-ec2';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { Gatehouse } from '../src/server/gatehouse.js';
import { launchConsoleBrowser, SCREENSHOTS } from './support/browser.js';
import { createPrivateNetwork, type PrivateNetwork } from './support/network.js';
import { ACCOUNT, ec2Client, startTestGatehouse } from './support/server.js';

const STARTER_TEMPLATE = fileURLToPath(new URL('../../examples/private-api-tutorial/starter-template.yaml', import.meta.url));

let gh: Gatehouse;
let ec2: EC2Client;
let browser: Browser;
let page: Page;
let pageErrors: string[];

before(async () => {
  let launched;
  [gh, launched] = await Promise.all([startTestGatehouse(), launchConsoleBrowser()]);
  ({ browser, page, pageErrors } = launched);
  ec2 = ec2Client(gh);
});

after(async () => {
  await browser?.close();
  ec2?.destroy();
  await gh?.dispose();
});

describe('the seed tutorial through the console', () => {
  let endpointId: string;
  let instanceId: string;
  let functionName: string;
  let apiId: string;
  let allowedRequestId: string;
  /** A second VPC with its own endpoint and instance, plus an instance in a VPC without any. */
  let other: PrivateNetwork;

  it('step 1: creates the starter stack from the uploaded template and reads its outputs', async () => {
    await page.goto(gh.consoleUrl + 'stacks/create');
    const form = page.getByRole('form', { name: 'Create stack' });
    await form.getByLabel('Upload a template file').setInputFiles({ name: 'starter-template.yaml', mimeType: 'application/x-yaml', buffer: readFileSync(STARTER_TEMPLATE) });
    await form.getByLabel('LatestAmiId').waitFor();
    await form.getByLabel('Stack name').fill('private-api-tutorial');
    await form.getByRole('checkbox').check();
    await form.getByRole('button', { name: 'Submit' }).click();
    await page.waitForURL(/\/stacks\/private-api-tutorial\/events$/);
    await page.getByTestId('stack-status').getByText('CREATE_COMPLETE', { exact: true }).waitFor({ timeout: 30_000 });
    await page.getByRole('link', { name: 'Outputs' }).click();
    const output = async (key: string): Promise<string> => (await page.locator(`tr[data-output-key="${key}"] td`).nth(1).textContent()) ?? '';
    await page.locator('tr[data-output-key="InstanceId"]').waitFor();
    [endpointId, instanceId, functionName] = [await output('VpcEndpointId'), await output('InstanceId'), await output('FunctionName')];
    assert.match(endpointId, /^vpce-[0-9a-f]{17}$/);
    assert.match(instanceId, /^i-[0-9a-f]{17}$/);
    assert.match(functionName, /^private-api-tutorial-Function-/);
    other = await createPrivateNetwork(ec2);
    await ec2.send(new CreateTagsCommand({ Resources: [other.instanceId], Tags: [{ Key: 'Name', Value: 'other-vpc' }] }));
    await ec2.send(new CreateTagsCommand({ Resources: [other.outsiderId], Tags: [{ Key: 'Name', Value: 'no-endpoint' }] }));
  });

  it('steps 2 to 5: the private API, GET with a Lambda proxy integration, the endpoint allowlist policy, Deploy API', async () => {
    await page.goto(gh.consoleUrl + 'apis/create');
    await page.getByLabel('API name').fill('PrivateApiTutorial');
    await page.getByLabel('API endpoint type').selectOption({ label: 'Private' });
    await page.getByLabel(endpointId).check();
    await page.getByRole('button', { name: 'Create API' }).click();
    const flash = page.getByTestId('flash');
    await flash.getByText('Successfully created REST API').waitFor();
    apiId = /\(([a-z0-9]{10})\)'\.$/.exec((await flash.locator('.flash-text').textContent()) ?? '')?.[1] ?? '';
    assert.match(apiId, /^[a-z0-9]{10}$/);

    await page.getByRole('link', { name: 'PrivateApiTutorial' }).click();
    await page.locator('[data-resource-path="/"]').waitFor();
    await page.getByRole('button', { name: 'Create method' }).click();
    const form = page.getByRole('form', { name: 'Create method' });
    await form.getByLabel('Method type').selectOption('GET');
    await form.getByLabel('Lambda function', { exact: true }).selectOption({ label: `${functionName} (nodejs20.x)` });
    await form.getByRole('button', { name: 'Create method' }).click();
    await flash.getByText("Successfully created method 'GET' in '/'.").waitFor();
    assert.equal(await page.getByTestId('integration-type').textContent(), 'Lambda proxy');

    await page.getByRole('link', { name: 'Resource policy' }).click();
    const policyForm = page.getByRole('form', { name: 'Resource policy' });
    await policyForm.locator('textarea:enabled').waitFor();
    await policyForm.getByRole('button', { name: 'Source VPC endpoint allowlist' }).click();
    assert.match(await policyForm.getByLabel('Policy document').inputValue(), new RegExp(`"aws:SourceVpce": "${endpointId}"`));
    await policyForm.getByRole('button', { name: 'Save changes' }).click();
    await flash.getByText('Successfully saved the resource policy of PrivateApiTutorial.').waitFor();

    // The Test tab before any deployment, then Deploy API from it: the new stage is the one tested.
    await page.getByRole('link', { name: 'Test' }).click();
    await page.getByText('Deploy the API to a stage to test it.').waitFor();
    await page.getByRole('button', { name: 'Deploy API' }).click();
    const dialog = page.getByRole('dialog', { name: 'Deploy API' });
    await dialog.getByLabel('Stage name').fill('test');
    await dialog.getByRole('button', { name: 'Deploy' }).click();
    await flash.getByText('This deployment is active for test.').waitFor();
    await page.getByTestId('test-url').getByText(`GET https://${apiId}.execute-api.us-east-1.amazonaws.com/test/`).waitFor();
  });

  it('step 6: from a VPC without an endpoint the private name does not resolve, and the Test says why', async () => {
    await page.goto(`${gh.consoleUrl}apis/${apiId}/test`);
    const form = page.getByRole('form', { name: 'Test' });
    await form.getByLabel('Send from').selectOption(other.outsiderId);
    assert.equal(await page.getByTestId('test-url').textContent(), `GET https://${apiId}.execute-api.us-east-1.amazonaws.com/test/`);
    await form.getByRole('button', { name: 'Test' }).click();
    const result = page.getByTestId('test-result');
    await result.getByRole('heading', { name: 'Could not connect' }).waitFor();
    assert.match((await page.getByTestId('test-network-reason').textContent()) ?? '', /is a public name from vpc-[0-9a-f]+: no execute-api interface endpoint with private DNS/);

    // From this machine, outside any VPC, Gatehouse's own port answers a private API as AWS's public front end does.
    await form.getByLabel('Send from').selectOption({ label: "This machine, outside any VPC (Gatehouse's port)" });
    assert.equal(await page.getByTestId('test-url').textContent(), `GET ${gh.url}/_aws/execute-api/${apiId}/test/`);
    await form.getByRole('button', { name: 'Test' }).click();
    await page.getByTestId('test-status').getByText('403').waitFor();
    assert.equal(await page.getByTestId('test-body').textContent(), '{"message":"Forbidden"}');
  });

  it('step 7: Test from the stack\'s instance gets Hello from Lambda!, with the event API Gateway sent and the log', async () => {
    await page.goto(`${gh.consoleUrl}apis/${apiId}/test`);
    const form = page.getByRole('form', { name: 'Test' });
    await form.getByLabel('Send from').selectOption(instanceId);
    await form.getByLabel('Query strings').fill('greeting=hi');
    await form.getByRole('button', { name: 'Test' }).click();
    const result = page.getByTestId('test-result');
    await result.waitFor();
    assert.equal(await page.getByTestId('test-status').textContent(), '200');
    assert.equal(await page.getByTestId('test-body').textContent(), 'Hello from Lambda!');
    const event = JSON.parse((await page.getByTestId('lambda-event').textContent()) ?? '{}') as {
      path: string;
      queryStringParameters: Record<string, string>;
      headers: Record<string, string>;
      requestContext: { stage: string; identity: { vpceId: string; sourceIp: string } };
    };
    assert.equal(event.path, '/');
    assert.deepEqual(event.queryStringParameters, { greeting: 'hi' });
    assert.equal(event.requestContext.stage, 'test');
    assert.equal(event.requestContext.identity.vpceId, endpointId);
    assert.equal(event.headers['x-amzn-vpce-id'], endpointId);
    assert.match((await page.getByTestId('lambda-log').textContent()) ?? '', /^START RequestId: [0-9a-f-]{36} Version: \$LATEST\nEND RequestId: [0-9a-f-]{36}\nREPORT RequestId: /);
    const explanation = page.getByTestId('request-detail');
    assert.equal(await explanation.locator('[data-policy="resource"] .decision').textContent(), 'Allow');
    await page.screenshot({ path: SCREENSHOTS + 'test-allowed.png', fullPage: true });
    allowedRequestId = (await explanation.locator('dd.mono').first().textContent()) ?? '';
    assert.match(allowedRequestId, /^[0-9a-f-]{36}$/);
  });

  it('the Requests view keeps the same record: picked, it shows the Lambda event and the log too', async () => {
    await page.goto(gh.consoleUrl + 'requests');
    await page.locator(`tr[data-request-id="${allowedRequestId}"]`).click();
    const event = JSON.parse((await page.getByTestId('lambda-event').textContent()) ?? '{}') as { requestContext: { requestId: string; identity: { vpceId: string } } };
    assert.equal(event.requestContext.requestId, allowedRequestId);
    assert.equal(event.requestContext.identity.vpceId, endpointId);
    assert.match((await page.getByTestId('lambda-log').textContent()) ?? '', /^START RequestId: /);
  });

  it('Test from an instance behind another VPC\'s endpoint: AWS\'s denial, and which statement decided', async () => {
    await page.goto(`${gh.consoleUrl}apis/${apiId}/test`);
    const form = page.getByRole('form', { name: 'Test' });
    await form.getByLabel('Send from').selectOption(other.instanceId);
    await form.getByRole('button', { name: 'Test' }).click();
    await page.getByTestId('test-result').waitFor();
    assert.equal(await page.getByTestId('test-status').textContent(), '403');
    assert.equal(
      await page.getByTestId('test-body').textContent(),
      `{"Message":"User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:********${ACCOUNT.slice(-4)}:${apiId}/test/GET/ with an explicit deny"}`,
    );
    assert.equal(await page.getByTestId('lambda-event').count(), 0);
    const explanation = page.getByTestId('request-detail');
    assert.equal(await explanation.locator('[data-policy="resource"] .decision').textContent(), 'ExplicitDeny');
    assert.match((await explanation.locator('[data-policy="resource"] .decider').textContent()) ?? '', /^Deciding statement: statement 0: Deny$/);
    assert.match((await page.getByTestId('request-reason').textContent()) ?? '', new RegExp(`resource policy of ${apiId}: `));
    await page.screenshot({ path: SCREENSHOTS + 'test-denied.png', fullPage: true });
  });

  it('the Network page maps which instances reach the API, through which endpoint, and why not', async () => {
    await page.goto(gh.consoleUrl + 'network');
    const map = page.getByRole('table', { name: 'Reachability' });
    const cell = (instance: string) => map.locator(`tr[data-instance-id="${instance}"] td[data-api="${apiId}/test"] button`);
    await cell(instanceId).waitFor();
    assert.equal(await cell(instanceId).textContent(), 'Reachable');
    assert.equal(await cell(other.instanceId).textContent(), 'Unreachable');
    assert.equal(await cell(other.outsiderId).textContent(), 'Unreachable');
    assert.equal(await page.locator(`tr[data-vpce-id="${endpointId}"] [data-testid="endpoint-apis"]`).textContent(), `PrivateApiTutorial (${apiId})`);

    await cell(instanceId).click();
    const detail = page.getByTestId('reachability-detail');
    const route = detail.locator(`[data-vpce-id="${endpointId}"]`);
    const names = await route.locator('.dns-names li').allTextContents();
    assert.deepEqual(names.slice(0, 2), [`${apiId}.execute-api.us-east-1.amazonaws.com`, `${apiId}-${endpointId}.execute-api.us-east-1.amazonaws.com`]);
    const endpointName = `${endpointId}-[a-z0-9]{8}\\.execute-api\\.us-east-1\\.vpce\\.amazonaws\\.com`;
    assert.match(names[2] ?? '', new RegExp(`^${endpointName} with Host: ${apiId}\\.execute-api\\.us-east-1\\.amazonaws\\.com$`));
    assert.match(names[3] ?? '', new RegExp(`^${endpointName} with x-apigw-api-id: ${apiId}$`));
    assert.deepEqual(await route.locator('tr[data-method="GET /"] td').allTextContents(), ['GET /', 'Allowed', `VPC endpoint policy of ${endpointId}: allowed by statement 0; resource policy of ${apiId}: allowed by statement 1`]);
    await page.screenshot({ path: SCREENSHOTS + 'reachability.png', fullPage: true });

    await cell(other.instanceId).click();
    const denied = detail.locator(`[data-vpce-id="${other.vpceId}"] tr[data-method="GET /"] td`);
    const [, verdict, reason] = await denied.allTextContents();
    assert.equal(verdict, 'Denied');
    assert.match(reason ?? '', new RegExp(`^resource policy of ${apiId}: explicit deny by statement 0: aws:SourceVpce is ${other.vpceId}`));

    await cell(other.outsiderId).click();
    assert.match((await page.getByTestId('reachability-reason').textContent()) ?? '', /is a public name from vpc-[0-9a-f]+: no execute-api interface endpoint with private DNS answers it there/);
  });

  it('the Test route answers bad input with a 400 and refuses other origins', async () => {
    const send = async (body: string, headers: Record<string, string> = {}): Promise<[number, string]> => {
      const res = await fetch(`${gh.url}/_gatehouse/send`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body });
      return [res.status, ((await res.json()) as { message: string }).message];
    };
    const url = `https://${apiId}.execute-api.us-east-1.amazonaws.com/test/`;
    assert.deepEqual(await send('{'), [400, 'The request body must be JSON: {"instanceId", "method", "url", "headers", "body"}']);
    assert.deepEqual(await send(JSON.stringify({ instanceId: 'i-0123456789abcdef0', method: 'GET', url })), [400, "The instance ID 'i-0123456789abcdef0' does not exist"]);
    assert.deepEqual(await send(JSON.stringify({ instanceId, method: 'G T', url: 'not a url' })), [400, 'method: method must be an HTTP method name; url: Invalid URL']);
    assert.deepEqual(await send(JSON.stringify({ instanceId, method: 'GET', url: 'ftp://example.com/' })), [400, 'Only http:// and https:// URLs can be sent, not ftp:']);
    assert.deepEqual(await send(JSON.stringify({ method: 'GET', url: 'http://example.com/' })), [400, 'From this machine Gatehouse sends only to loopback addresses, not example.com']);
    assert.deepEqual(await send(JSON.stringify({ instanceId, method: 'GET', url, headers: { 'bad name': 'x', ok: 'a\nb' } })), [
      400,
      "headers.ok: a header value has no line breaks; headers.bad name: a header name is a token (letters, digits and !#$%&'*+.^_`|~-)",
    ]);
    const [status, message] = await send(JSON.stringify({ instanceId, method: 'GET', url }), { Origin: 'https://attacker.example' });
    assert.deepEqual([status, message], [403, 'Gatehouse answers its own routes only for its own origin (Origin https://attacker.example).']);
    // The routes that read what Gatehouse keeps refuse a name that is not this machine's (DNS rebinding).
    for (const path of ['/_gatehouse/requests', `/_gatehouse/reachability`, '/_gatehouse/network', '/_gatehouse/lambda/logs?function=x']) {
      const res = await new Promise<number>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port: gh.port, path, headers: { Host: `attacker.example:${gh.port}` } }, (r) => (r.resume(), resolve(r.statusCode ?? 0)));
        req.on('error', reject).end();
      });
      assert.equal(res, 403, path);
    }
  });

  it('step 8: deletes the API and the stack', async () => {
    await page.goto(gh.consoleUrl + 'apis');
    const row = page.locator(`tr[data-api-id="${apiId}"]`);
    await row.getByRole('radio').check();
    await page.getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete API' });
    await dialog.getByPlaceholder('confirm').fill('confirm');
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await page.getByTestId('flash').getByText("Successfully deleted API 'PrivateApiTutorial'.").waitFor();

    await page.goto(gh.consoleUrl + 'stacks/private-api-tutorial/events');
    await page.getByTestId('stack-status').getByText('CREATE_COMPLETE', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog', { name: 'Delete stack' }).getByRole('button', { name: 'Delete' }).click();
    await page.getByTestId('stack-status').getByText('DELETE_COMPLETE', { exact: true }).waitFor({ timeout: 30_000 });
    assert.deepEqual(pageErrors, []);
  });
});
