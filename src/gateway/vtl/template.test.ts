/**
 * Mapping templates with the developer guide's examples ("Variables for data transformations", "Examples
 * using variables for mapping template transformations", "Use a mapping template to override an API's
 * request and response parameters and status codes", "Handle Lambda errors") and AWS-recorded outputs.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { VtlContext } from './context.js';
import { VtlBodyError, VtlInput, type VtlParams } from './input.js';
import { compileTemplate, renderTemplate } from './template.js';
import { VtlUtil } from './util.js';
import { VtlError } from './values.js';

const noParams = (): VtlParams => ({ path: {}, querystring: {}, header: {} });
const emptyContext = (): VtlContext => ({ requestOverride: { header: {}, path: {}, querystring: {} }, responseOverride: { header: {} } });

function render(template: string, options: { body?: string; params?: VtlParams; context?: VtlContext; stageVariables?: Record<string, string> } = {}): string {
  return renderTemplate(compileTemplate(template), {
    context: options.context ?? emptyContext(),
    input: new VtlInput(options.body ?? '', options.params ?? noParams()),
    stageVariables: options.stageVariables ?? {},
    util: new VtlUtil(),
  });
}

test('$input: the guide\'s "things" example (params, path().size(), escaped json)', () => {
  const out = render(['{', '    "id" : "$input.params(\'id\')",', '    "count" : "$input.path(\'$.things\').size()",', '    "things" : $input.json(\'$.things\')', '}'].join('\n'), {
    body: '{"things":{"1":{},"2":{},"3":{}}}',
    params: { path: { id: 'abc' }, querystring: {}, header: {} },
  });
  assert.deepEqual(JSON.parse(out), { id: 'abc', count: '3', things: { '1': {}, '2': {}, '3': {} } });
});

test('$input.params(x) searches path, query string, then headers (any case); a missing one is ""', () => {
  const params: VtlParams = { path: { name: 'from-path' }, querystring: { name: 'from-query', q: 'query' }, header: { 'X-Name': 'from-header' } };
  assert.equal(render("$input.params('name')|$input.params('q')|$input.params('x-name')|[$input.params('nope')]", { params }), 'from-path|query|from-header|[]');
});

test('the guide\'s all-parameters template passes path, querystring and header maps', () => {
  const template = [
    '#set($allParams = $input.params())',
    '{',
    '"params" : {',
    '#foreach($type in $allParams.keySet())',
    '#set($params = $allParams.get($type))',
    '"$type" : {',
    '#foreach($paramName in $params.keySet())',
    '"$paramName" : "$util.escapeJavaScript($params.get($paramName))"',
    '#if($foreach.hasNext),#end',
    '#end',
    '}',
    '#if($foreach.hasNext),#end',
    '#end',
    '}',
    '}',
  ].join('\n');
  const out = render(template, { params: { path: { petId: '42' }, querystring: { q: 'say "hi"' }, header: { Accept: '*/*' } } });
  assert.deepEqual(JSON.parse(out), { params: { path: { petId: '42' }, querystring: { q: 'say "hi"' }, header: { Accept: '*/*' } } });
});

test('$input.json / $input.path with a name and the whole body; an empty body is {} for json("$")', () => {
  assert.equal(render('{"name" : "$input.params(\'name\')", "body" : $input.json(\'$\')}', { body: '{"a": [1, 2]}', params: { path: {}, querystring: { name: 'me' }, header: {} } }), '{"name" : "me", "body" : {"a":[1,2]}}');
  assert.equal(render('"body" : $input.json(\'$.mykey\')', { body: '{"mykey": {"x": "y"}}' }), '"body" : {"x":"y"}');
  assert.equal(render("$input.json('$')|$input.path('$')|$input.json('$.x')|$input.body", { body: '' }), '{}|||');
  assert.equal(render('$input.body', { body: 'raw text' }), 'raw text');
  assert.throws(() => render("$input.json('$')", { body: 'not json' }), VtlBodyError);
});

test('printed values: maps as {k=v}, JSON lists as JSON (recorded: test_input_path_template_formatting)', () => {
  const path = (body: string): string => render("$input.path('$')", { body });
  assert.equal(path('{"foo": "bar"}'), '{foo=bar}');
  assert.equal(path('[{"foo": "bar"}]'), '[{"foo":"bar"}]');
  assert.equal(path('{"foo": [{"nested": "bar"}]}'), '{foo=[{"nested":"bar"}]}');
  assert.equal(path('{"bigger": "dict", "to": "test", "with": "separators"}'), '{bigger=dict, to=test, with=separators}');
  assert.equal(render("$input.path('$').toString()", { body: '{"foo": "bar"}' }), '{foo=bar}');
  assert.equal(render('#set($l = [1, 2])$l'), '[1, 2]');
  assert.equal(render("#set($m = {})$m.put('self', $m)$m"), '{self=(this Map)}');
});

test('$util.parseJson on a Lambda custom error (the guide\'s example)', () => {
  const body = JSON.stringify({ errorMessage: JSON.stringify({ key1: 'var1', key2: { arr: [1, 2, 3] } }) });
  const out = render(["#set ($errorMessageObj = $util.parseJson($input.path('$.errorMessage')))", '{', '   "errorMessageObjKey2ArrVal" : $errorMessageObj.key2.arr[0]', '}'].join('\n'), { body });
  assert.deepEqual(JSON.parse(out), { errorMessageObjKey2ArrVal: 1 });
});

test('$util.escapeJavaScript(data).replaceAll("\\\\\'","\'") as the guide recommends for JSON', () => {
  const out = render('{"v": "$util.escapeJavaScript($input.path(\'$.s\')).replaceAll("\\\\\'","\'")"}', { body: JSON.stringify({ s: `it's "quoted"` }) });
  assert.deepEqual(JSON.parse(out), { v: `it's "quoted"` });
});

test('$stageVariables in its three spellings', () => {
  assert.equal(render("$stageVariables.host|$stageVariables['host']|${stageVariables['host']}", { stageVariables: { host: 'example' } }), 'example|example|example');
});

test('$context: the guide\'s example 1; null and unknown variables print nothing', () => {
  const context: VtlContext = {
    ...emptyContext(),
    stage: 'prod',
    requestId: 'abcdefg-000-000-0000-abcdefg',
    apiId: 'abcd1234',
    resourcePath: '/',
    resourceId: 'efg567',
    httpMethod: 'GET',
    identity: { sourceIp: '192.0.2.1', userAgent: 'curl/7.84.0', accountId: null, apiKey: null, caller: null, user: null, userArn: null },
  };
  const template = [
    '{',
    '"stage" : "$context.stage",',
    '"request_id" : "$context.requestId",',
    '"api_id" : "$context.apiId",',
    '"resource_path" : "$context.resourcePath",',
    '"resource_id" : "$context.resourceId",',
    '"http_method" : "$context.httpMethod",',
    '"source_ip" : "$context.identity.sourceIp",',
    '"user-agent" : "$context.identity.userAgent",',
    '"account_id" : "$context.identity.accountId",',
    '"api_key" : "$context.identity.apiKey",',
    '"caller" : "$context.identity.caller",',
    '"user" : "$context.identity.user",',
    '"user_arn" : "$context.identity.userArn",',
    '"unknown" : "$context.nothing.here"',
    '}',
  ].join('\n');
  assert.deepEqual(JSON.parse(render(template, { context })), {
    stage: 'prod',
    request_id: 'abcdefg-000-000-0000-abcdefg',
    api_id: 'abcd1234',
    resource_path: '/',
    resource_id: 'efg567',
    http_method: 'GET',
    source_ip: '192.0.2.1',
    'user-agent': 'curl/7.84.0',
    account_id: '',
    api_key: '',
    caller: '',
    user: '',
    user_arn: '',
    unknown: '',
  });
});

test('response override: the guide\'s status tutorial, and headers', () => {
  const context = emptyContext();
  const template = ["#set($inputRoot = $input.path('$'))", '$input.json("$")', '#if($inputRoot.toString().contains("error"))', '#set($context.responseOverride.status = 400)', '#end'].join('\n');
  const body = '{"errors":[{"key":"GetPetRequest.petId","message":"The value is out of range."}]}';
  assert.equal(render(template, { body, context }).trim(), body);
  assert.equal(context.responseOverride.status, 400);
  render('#set($context.responseOverride.header.foo = "bar")', { context });
  assert.deepEqual(context.responseOverride.header, { foo: 'bar' });
});

test('request override: the guide\'s header tutorial (header3 = header1 + header2, header1 = foo)', () => {
  const context = emptyContext();
  const template = ['#set($header1Override = "foo")', "#set($header3Value = \"$input.params('header1')$input.params('header2')\")", '$input.json("$")', '#set($context.requestOverride.header.header3 = $header3Value)', '#set($context.requestOverride.header.header1 = $header1Override)'].join('\n');
  const out = render(template, { body: '{"a":1}', context, params: { path: {}, querystring: {}, header: { header1: 'header1Val', header2: 'header2Val' } } });
  assert.equal(out.trim(), '{"a":1}');
  assert.deepEqual(context.requestOverride.header, { header3: 'header1Valheader2Val', header1: 'foo' });
});

test('map assignment forms and put() printing nothing (recorded: test_integration_mock_with_vtl_map_assignation)', () => {
  const context = emptyContext();
  const request = ['#set($paramName = "foo")', '#set($context.requestOverride.querystring[$paramName] = "bar")', '#set($paramPutName = "putfoo")', '$context.requestOverride.querystring.put($paramPutName, "putBar")', '#set($context["requestOverride"].querystring["nestedfoo"] = "nestedFoo")', '{"statusCode": 200}'].join('\n');
  assert.equal(render(request, { context }).trim(), '{"statusCode": 200}');
  const response = ['#set($value = $context.requestOverride.querystring["foo"])', '#set($value2 = $context.requestOverride.querystring["putfoo"])', '#set($value3 = $context.requestOverride.querystring["nestedfoo"])', '{"value": "$value", "value2": "$value2", "value3": "$value3"}'].join('\n');
  assert.deepEqual(JSON.parse(render(response, { context })), { value: 'bar', value2: 'putBar', value3: 'nestedFoo' });
});

test('Java methods templates rely on: String, Map, List', () => {
  const stageVariables = { s: 'abc' };
  assert.equal(render('$stageVariables.s.length()|$stageVariables.s.contains("b")|$stageVariables.s.matches("a.c")|$stageVariables.s.replaceAll("[ac]", "x")|$stageVariables.s.split("b").size()|$stageVariables.s.equals("abc")', { stageVariables }), '3|true|true|xbx|2|true');
  const body = '{"m": {"a": 1}, "l": ["x", "y"]}';
  assert.equal(render("#set($m = $input.path('$.m'))$m.containsKey('a')|$m.containsKey('b')|$m.isEmpty()|$m.keySet()|$m.get('a')", { body }), 'true|false|false|[a]|1');
  assert.equal(render("#set($l = $input.path('$.l'))$l.size()|$l.contains('y')|$l.get(0)|$l[1]|#foreach($x in $l)$x#if($foreach.hasNext),#end#end", { body }), '2|true|x|y|x,y');
});

test('a broken template is a VtlError when it runs; static templates are not run through the engine', () => {
  assert.equal(compileTemplate('{"statusCode": 200}').kind, 'static');
  assert.throws(() => render('#if($a'), VtlError);
  assert.throws(() => render("$input.path('$[?(@.a)]')", { body: '[]' }), VtlError);
});

test('runaway templates are stopped: huge ranges, loops past the time budget', () => {
  assert.throws(() => render('#foreach($i in [1..100000000])x#end'), /longer than/);
  assert.equal(render('#foreach($i in [1..3])$i#end'), '123');
  const started = performance.now();
  assert.throws(() => render('#foreach($i in [1..99999])#foreach($j in [1..99999])#set($x = $j)#end#end'), /ran for more than/);
  assert.ok(performance.now() - started < 3_000);
});
