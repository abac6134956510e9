import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';
import type { ErrorPayload } from './bootstrap/protocol.js';
import { MAX_PAYLOAD_BYTES, RuntimeApi, type RuntimeInvocation, type RuntimeLog } from './runtime-api.js';

const run = promisify(execFile);
const ARN = 'arn:aws:lambda:us-east-1:000000000000:function:f';
const PREFIX = '/2018-06-01/runtime';
const NOT_FOUND = '{"errorMessage":"unknown path","errorType":"NotFound"}';

type Heard =
  | { kind: 'response'; id: string; payload: string; log: RuntimeLog | undefined }
  | { kind: 'error'; id: string; error: ErrorPayload; log: RuntimeLog | undefined }
  | { kind: 'init-error'; error: ErrorPayload }
  | { kind: 'too-large'; id: string; error: ErrorPayload };

const apis: RuntimeApi[] = [];
after(() => apis.forEach((a) => a.close()));

/** A Runtime API whose events are recorded, and a promise for the next one. */
async function startApi(): Promise<{ api: RuntimeApi; host: string; port: number; heard: Heard[]; nextEvent: () => Promise<Heard> }> {
  const heard: Heard[] = [];
  let waiters: Array<(h: Heard) => void> = [];
  const hear = (h: Heard): void => {
    heard.push(h);
    const w = waiters;
    waiters = [];
    w.forEach((f) => f(h));
  };
  const api = await RuntimeApi.listen({
    onFirstNext: () => undefined,
    onResponse: (id, payload, log) => hear({ kind: 'response', id, payload, log }),
    onError: (id, error, log) => hear({ kind: 'error', id, error, log }),
    onInitError: (error) => hear({ kind: 'init-error', error }),
    onResponseTooLarge: (id, error) => hear({ kind: 'too-large', id, error }),
  });
  apis.push(api);
  const [host, port] = api.address.split(':') as [string, string];
  return { api, host, port: Number(port), heard, nextEvent: () => new Promise((resolve) => waiters.push(resolve)) };
}

const invocation = (requestId: string, payload = '{"n":1}'): RuntimeInvocation => ({ requestId, payload, invokedFunctionArn: ARN, deadlineMs: 1_800_000_000_000 });

/** Raw bytes in (in the pieces given, each its own write), everything the server wrote until it closed or went quiet. */
function raw(port: number, pieces: Array<string | Buffer>, quietMs = 150): Promise<{ text: string; closed: boolean }> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.setNoDelay(true);
    let text = '';
    let closed = false;
    let timer: NodeJS.Timeout;
    const quiet = (): void => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        socket.destroy();
        resolve({ text, closed });
      }, quietMs);
    };
    socket.on('data', (d) => {
      text += d.toString('latin1');
      quiet();
    });
    socket.on('end', () => {
      closed = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ text, closed });
    });
    socket.on('error', () => undefined);
    socket.on('connect', async () => {
      for (const piece of pieces) {
        socket.write(piece);
        await new Promise((r) => setTimeout(r, 5));
      }
      quiet();
    });
  });
}

const statuses = (text: string): string[] => [...text.matchAll(/HTTP\/1\.1 (\d{3}) [A-Z]/g)].map((m) => m[1]!);

describe('Runtime API HTTP/1.1 server', () => {
  it("node's http client: long-polled /next with Lambda's headers, a chunked result, keep-alive on one socket", async () => {
    const { api, port, nextEvent } = await startApi();
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const sockets = new Set<unknown>();
    const call = (method: string, path: string, body?: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, unknown>; body: string }> =>
      new Promise((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, method, path: PREFIX + path, agent, headers }, (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (d: string) => (text += d));
          res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: text }));
        });
        req.on('socket', (s) => sockets.add(s));
        req.on('error', reject);
        // Without a Content-Length, node's client sends the body chunked, in two chunks here.
        if (body !== undefined) {
          req.write(body.slice(0, 3));
          req.write(body.slice(3));
        }
        req.end();
      });
    const next = call('GET', '/invocation/next');
    await new Promise((r) => setTimeout(r, 30));
    api.deliver(invocation('id-1', '{"héllo":"wörld"}'));
    const event = await next;
    assert.equal(event.status, 200);
    assert.equal(event.body, '{"héllo":"wörld"}');
    assert.equal(event.headers['lambda-runtime-aws-request-id'], 'id-1');
    assert.equal(event.headers['lambda-runtime-deadline-ms'], '1800000000000');
    assert.equal(event.headers['lambda-runtime-invoked-function-arn'], ARN);
    assert.match(String(event.headers['lambda-runtime-trace-id']), /^Root=1-[0-9a-f]{8}-id1;Parent=0000000000000000;Sampled=0$/);
    assert.equal(event.headers['content-type'], 'application/json');
    const heard = nextEvent();
    const accepted = await call('POST', '/invocation/id-1/response', '{"statusCode":200}');
    assert.deepEqual([accepted.status, accepted.body], [202, '{"status":"OK"}']);
    assert.deepEqual(await heard, { kind: 'response', id: 'id-1', payload: '{"statusCode":200}', log: undefined });
    // An invocation delivered before the bootstrap asks is handed over on its next call.
    api.deliver(invocation('id-2'));
    assert.equal((await call('GET', '/invocation/next')).headers['lambda-runtime-aws-request-id'], 'id-2');
    const failed = nextEvent();
    await call('POST', '/invocation/id-2/error', '{"errorType":"Oops","errorMessage":"no","stackTrace":["a"]}', { 'Lambda-Runtime-Function-Error-Type': 'Other' });
    assert.deepEqual(await failed, { kind: 'error', id: 'id-2', error: { errorType: 'Oops', errorMessage: 'no', trace: ['a'] }, log: undefined });
    assert.equal(sockets.size, 1);
    agent.destroy();
  });

  it("node's http client: Expect: 100-continue gets 100 Continue before the body is sent", async () => {
    const { port, nextEvent } = await startApi();
    const heard = nextEvent();
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, method: 'POST', path: `${PREFIX}/invocation/x/response`, headers: { Expect: '100-continue', 'Content-Length': '4' } }, (res) => {
        res.resume();
        resolve(res.statusCode!);
      });
      req.on('continue', () => req.end('"ok"'));
      req.on('error', reject);
    });
    assert.equal(status, 202);
    assert.deepEqual(await heard, { kind: 'response', id: 'x', payload: '"ok"', log: undefined });
  });

  it('curl: a runtime loop on one kept-alive connection, a chunked body, Expect: 100-continue, 404s', async () => {
    const { api, port, heard } = await startApi();
    api.deliver(invocation('c-1', '{"from":"curl"}'));
    const base = `http://127.0.0.1:${port}${PREFIX}`;
    const { stdout } = await run('curl', [
      '-sS', '-i', `${base}/invocation/next`,
      '--next', '-sS', '-i', '-X', 'POST', '-H', 'Transfer-Encoding: chunked', '--data-binary', '{"chunked":true}', `${base}/invocation/c-1/response`,
      '--next', '-sS', '-i', '-X', 'POST', '-H', 'Expect: 100-continue', '--data-binary', '{"errorMessage":"m"}', `${base}/invocation/c-1/error`,
      '--next', '-sS', '-i', '-I', `${base}/invocation/next`,
      '--next', '-sS', '-i', `http://127.0.0.1:${port}/nope`,
      '--next', '-sS', '-o', '/dev/null', '-w', '%{num_connects}', `http://127.0.0.1:${port}/nope`,
    ]);
    assert.deepEqual(statuses(stdout), ['200', '202', '100', '202', '404', '404']);
    assert.match(stdout, /Lambda-Runtime-Aws-Request-Id: c-1\r\n/);
    assert.match(stdout, /\r\n\r\n\{"from":"curl"\}HTTP/);
    assert.match(stdout, /404 Not Found\r\nContent-Type: application\/json\r\nContent-Length: 54\r\nDate: [^\r]+ GMT\r\nConnection: keep-alive\r\n\r\n(HTTP|\{)/);
    assert.ok(stdout.endsWith(`${NOT_FOUND}0`), 'one connection for all the requests');
    assert.deepEqual(heard, [
      { kind: 'response', id: 'c-1', payload: '{"chunked":true}', log: undefined },
      { kind: 'error', id: 'c-1', error: { errorType: 'Unhandled', errorMessage: 'm', trace: [] }, log: undefined },
    ]);
  });

  it("Python's http.client: keep-alive, a chunked body, HEAD and an unknown route", async () => {
    const { api, port, heard } = await startApi();
    api.deliver(invocation('p-1', '{"from":"python"}'));
    const script = `
import http.client, json, sys
c = http.client.HTTPConnection("127.0.0.1", ${port})
out = []
c.request("GET", "${PREFIX}/invocation/next")
r = c.getresponse(); out.append([r.status, r.getheader("Lambda-Runtime-Aws-Request-Id"), r.read().decode()])
c.request("POST", "${PREFIX}/invocation/p-1/response", body=iter([b'{"py', b'thon":', b'1}']), encode_chunked=True)
r = c.getresponse(); out.append([r.status, r.read().decode()])
c.request("HEAD", "${PREFIX}/invocation/next")
r = c.getresponse(); out.append([r.status, r.getheader("Content-Length"), r.read().decode()])
c.request("GET", "/2018-06-01/runtime/invocation/p-1/response")
r = c.getresponse(); out.append([r.status, r.read().decode()])
c.request("POST", "${PREFIX}/init/error", body=b"boom", headers={"Lambda-Runtime-Function-Error-Type": "Runtime.Boom"})
r = c.getresponse(); out.append([r.status, r.read().decode()])
out.append(c.sock is not None)
print(json.dumps(out))
`;
    const { stdout } = await run('python3', ['-c', script]);
    assert.deepEqual(JSON.parse(stdout), [
      [200, 'p-1', '{"from":"python"}'],
      [202, '{"status":"OK"}'],
      [404, '54', ''],
      [404, NOT_FOUND],
      [202, '{"status":"OK"}'],
      true,
    ]);
    assert.deepEqual(heard, [
      { kind: 'response', id: 'p-1', payload: '{"python":1}', log: undefined },
      { kind: 'init-error', error: { errorType: 'Runtime.Boom', errorMessage: 'boom', trace: [] } },
    ]);
  });

  it('pipelined requests in one write are answered in order; /next holds the ones behind it', async () => {
    const { api, port, heard } = await startApi();
    const post = (id: string, body: string, extra = ''): string => `POST ${PREFIX}/invocation/${id}/response HTTP/1.1\r\nHost: x\r\n${extra}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    const next = `GET ${PREFIX}/invocation/next HTTP/1.1\r\nHost: x\r\n\r\n`;
    setTimeout(() => api.deliver(invocation('b')), 60);
    const { text, closed } = await raw(port, [post('a', '"1"') + next + post('b', '"2"', 'Gatehouse-Log: 2 1 42\r\n') + `GET /x HTTP/1.1\r\nHost: x\r\n\r\n`]);
    assert.equal(closed, false);
    assert.deepEqual(statuses(text), ['202', '200', '202', '404']);
    assert.deepEqual(heard.map((h) => h.kind === 'response' && h.id), ['a', 'b']);
    assert.deepEqual(heard[1], { kind: 'response', id: 'b', payload: '', log: { init: '"2', invocation: '"', maxRssMb: 42 } });
  });

  it('a request split across writes, a byte at a time and mid-chunk, is read whole', async () => {
    const { port, heard } = await startApi();
    const whole = `POST ${PREFIX}/invocation/s%2F1/error HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nLambda-Runtime-Function-Error-Type: Split\r\n\r\n5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nTrailer: t\r\n\r\n`;
    const bytes = Buffer.from(whole);
    const pieces = [bytes.subarray(0, 7), ...Array.from(bytes.subarray(7, 40), (b) => Buffer.from([b])), bytes.subarray(40, 130), bytes.subarray(130)];
    const { text } = await raw(port, pieces);
    assert.deepEqual(statuses(text), ['202']);
    assert.deepEqual(heard, [{ kind: 'error', id: 's/1', error: { errorType: 'Split', errorMessage: 'hello world', trace: [] }, log: undefined }]);
  });

  it('garbage is answered 400 and the connection closed; the server keeps serving', async () => {
    const { api, port } = await startApi();
    for (const garbage of [
      'HELLO\r\n\r\n',
      '\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n',
      'GET /x HTTP/1.1\r\n\r\n',
      'GET /x HTTP/1.1\nHost: x\n\n',
      'GET /x HTTP/1.1\r\nHost x\r\n\r\n',
      'GET /x HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n',
      `POST ${PREFIX}/invocation/a/response HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n`,
      `POST ${PREFIX}/invocation/a/response HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
      `POST ${PREFIX}/invocation/a/response HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n`,
      `POST ${PREFIX}/invocation/a/response HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabcd\r\n`,
      'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n',
    ]) {
      const { text, closed } = await raw(port, [garbage]);
      assert.equal(text, 'HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n', JSON.stringify(garbage));
      assert.ok(closed);
    }
    const { text } = await raw(port, [Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256))]);
    assert.ok(text === '' || text.startsWith('HTTP/1.1 400 Bad Request'));
    // A request id that does not percent-decode (node:http's handler threw URIError here and took the process down).
    const odd = await raw(port, [`POST ${PREFIX}/invocation/%E0%A4%A/response HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}`]);
    assert.deepEqual(statuses(odd.text), ['202']);
    api.deliver(invocation('after'));
    assert.deepEqual(statuses((await raw(port, [`GET ${PREFIX}/invocation/next HTTP/1.1\r\nHost: x\r\n\r\n`])).text), ['200']);
  });

  it('a head past 16 KiB is 431; a result past 6 MB is 413 and fails the invocation as Lambda does', async () => {
    const { port, heard } = await startApi();
    const big = await raw(port, [`GET /x HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(17 * 1024)}\r\n\r\n`]);
    assert.deepEqual([big.text, big.closed], ['HTTP/1.1 431 Request Header Fields Too Large\r\nConnection: close\r\n\r\n', true]);
    const endless = await raw(port, ['GET /x HTTP/1.1\r\nHost: x\r\n', `X-Big: ${'a'.repeat(17 * 1024)}`]);
    assert.equal(endless.text, 'HTTP/1.1 431 Request Header Fields Too Large\r\nConnection: close\r\n\r\n');

    // curl sends 6 MB + 1 with Expect: 100-continue and gets the 413 before its body.
    const tooLarge = `{"errorMessage":"Exceeded maximum allowed payload size (${MAX_PAYLOAD_BYTES} bytes).","errorType":"RequestEntityTooLarge"}`;
    const curl = spawn('curl', ['-sS', '-i', '-X', 'POST', '-H', 'Expect: 100-continue', '--data-binary', '@-', `http://127.0.0.1:${port}${PREFIX}/invocation/big/response`]);
    let out = '';
    curl.stdout.on('data', (d: Buffer) => (out += d.toString()));
    curl.stdin.on('error', () => undefined);
    curl.stdin.end(Buffer.alloc(MAX_PAYLOAD_BYTES + 1, 0x61));
    await new Promise((r) => curl.on('close', r));
    assert.match(out, /^HTTP\/1\.1 413 Request Entity Too Large\r\n/);
    assert.ok(out.endsWith(tooLarge));
    assert.deepEqual(heard.shift(), {
      kind: 'too-large', id: 'big',
      error: { errorType: 'Function.ResponseSizeTooLarge', errorMessage: `Response payload size (${MAX_PAYLOAD_BYTES + 1} bytes) exceeded maximum allowed payload size (${MAX_PAYLOAD_BYTES} bytes).`, trace: [] },
    });

    // Chunked, without a size up front: the 413 comes once the chunks pass the limit; the rest is read and dropped.
    const chunk = Buffer.alloc(1024 * 1024, 0x62);
    const pieces: Array<string | Buffer> = [`POST ${PREFIX}/invocation/big2/response HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n`];
    for (let i = 0; i < 7; i++) pieces.push(`${chunk.length.toString(16)}\r\n`, chunk, '\r\n');
    pieces.push('0\r\n\r\n');
    const chunked = await raw(port, pieces);
    assert.ok(chunked.text.startsWith('HTTP/1.1 413 Request Entity Too Large\r\n') && chunked.text.endsWith(tooLarge) && chunked.closed);
    assert.deepEqual(heard.shift(), {
      kind: 'too-large', id: 'big2',
      error: { errorType: 'Function.ResponseSizeTooLarge', errorMessage: `Response payload size exceeded maximum allowed payload size (${MAX_PAYLOAD_BYTES} bytes).`, trace: [] },
    });

    // A Gatehouse bootstrap's log comes on top of the payload's limit.
    const log = 'L'.repeat(1024);
    const payload = `"${'p'.repeat(MAX_PAYLOAD_BYTES - 2)}"`;
    const fits = await raw(port, [`POST ${PREFIX}/invocation/fits/response HTTP/1.1\r\nHost: x\r\nGatehouse-Log: 0 ${log.length} 1\r\nContent-Length: ${log.length + payload.length}\r\n\r\n`, log + payload]);
    assert.deepEqual(statuses(fits.text), ['202']);
    const fitted = heard.shift();
    assert.ok(fitted?.kind === 'response' && fitted.payload === payload && fitted.log?.invocation === log);
  });

  it('a client that shuts its side after asking for /next still gets the event, then the connection closes', async () => {
    const { api, port } = await startApi();
    const socket = connect(port, '127.0.0.1');
    let text = '';
    socket.on('data', (d) => (text += d.toString('latin1')));
    const closed = new Promise((resolve) => socket.on('close', resolve));
    socket.end(`GET ${PREFIX}/invocation/next HTTP/1.1\r\nHost: x\r\n\r\n`);
    await new Promise((r) => setTimeout(r, 30));
    api.deliver(invocation('late', '{"late":true}'));
    await closed;
    assert.deepEqual(statuses(text), ['200']);
    assert.ok(text.endsWith('{"late":true}'));
  });

  it('HTTP/1.0 and Connection: close are answered and closed', async () => {
    const { port } = await startApi();
    const old = await raw(port, ['GET /x HTTP/1.0\r\n\r\n']);
    assert.match(old.text, /^HTTP\/1\.1 404 Not Found\r\n[^]*Connection: close\r\n\r\n/);
    assert.ok(old.closed);
    const closing = await raw(port, [`POST ${PREFIX}/invocation/a/response HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}GET /x HTTP/1.1\r\nHost: x\r\n\r\n`]);
    assert.deepEqual(statuses(closing.text), ['202']);
    assert.ok(closing.closed);
  });
});
