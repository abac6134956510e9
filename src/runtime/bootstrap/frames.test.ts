import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeFromChild, decodeInvoke, encodeFromChild, encodeInvoke, FrameReader } from './frames.js';

const ARN = 'arn:aws:lambda:us-east-1:000000000000:function:f';

/** Every frame a reader yields for these chunks, copied (a frame may be a view of a chunk). */
function read(chunks: Buffer[]): Buffer[] {
  const frames: Buffer[] = [];
  const reader = new FrameReader((frame) => frames.push(Buffer.from(frame)));
  for (const chunk of chunks) reader.push(chunk);
  return frames;
}

/** The bytes cut at the given offsets. */
function cut(bytes: Buffer, ...at: number[]): Buffer[] {
  const bounds = [0, ...at, bytes.length];
  return bounds.slice(1).map((end, i) => bytes.subarray(bounds[i]!, end));
}

describe('frames', () => {
  it('carries an invocation: request id, ARN, deadline, and the event JSON as it is (non-ASCII too)', () => {
    const event = JSON.stringify({ body: 'héllo “wörld” 😀', path: '/a"b\\c', n: 1 });
    const [frame] = read([encodeInvoke('id-1', ARN, 1765000000123, event)]);
    assert.deepEqual(decodeInvoke(frame!), { requestId: 'id-1', invokedFunctionArn: ARN, deadlineMs: 1765000000123, payload: event });
  });

  it('carries a result with its log and the peak RSS, each text intact whatever its characters', () => {
    const log = '2026-12-06T00:00:00.000Z\tid-1\tINFO\tçà et là 日本語\r2nd line\n';
    const payload = '{"statusCode":200,"body":"ünïcödé 😀"}';
    const [frame] = read([encodeFromChild('R', 'id-1', 57, log, payload)]);
    assert.deepEqual(decodeFromChild(frame!), { kind: 'R', requestId: 'id-1', maxRssMb: 57, log, payload });
  });

  it('reads an empty log and the frames that carry no request id', () => {
    const frames = read([encodeFromChild('Y', '', 0, '', '12.5'), encodeFromChild('X', '', 0, 'init log\n', '{"errorType":"Runtime.ImportModuleError"}')]);
    assert.deepEqual(frames.map(decodeFromChild), [
      { kind: 'Y', requestId: '', maxRssMb: 0, log: '', payload: '12.5' },
      { kind: 'X', requestId: '', maxRssMb: 0, log: 'init log\n', payload: '{"errorType":"Runtime.ImportModuleError"}' },
    ]);
  });

  it('reads several frames from one chunk', () => {
    const bytes = Buffer.concat([1, 2, 3].map((n) => encodeFromChild('R', `id-${n}`, n, `log ${n}\n`, `{"n":${n}}`)));
    assert.deepEqual(read([bytes]).map((f) => decodeFromChild(f).payload), ['{"n":1}', '{"n":2}', '{"n":3}']);
  });

  it('reads frames cut anywhere: inside the length prefix, the header, a multi-byte character, between frames', () => {
    const one = encodeInvoke('id-1', ARN, 1, '{"s":"€uro"}');
    const two = encodeInvoke('id-2', ARN, 2, '{"s":"😀"}');
    const bytes = Buffer.concat([one, two]);
    for (let a = 1; a < bytes.length - 1; a++) {
      for (const b of [a + 1, Math.min(bytes.length - 1, a + 7), one.length + 2]) {
        if (b <= a || b >= bytes.length) continue;
        const frames = read(cut(bytes, a, b)).map(decodeInvoke);
        assert.deepEqual(frames.map((f) => [f.requestId, f.payload]), [['id-1', '{"s":"€uro"}'], ['id-2', '{"s":"😀"}']], `cut at ${a} and ${b}`);
      }
    }
  });

  it('reads a frame byte by byte', () => {
    const frame = encodeFromChild('E', 'id-1', 3, 'ℓog\n', '{"errorType":"Error"}');
    const bytes = [...frame].map((b) => Buffer.from([b]));
    assert.deepEqual(decodeFromChild(read(bytes)[0]!), { kind: 'E', requestId: 'id-1', maxRssMb: 3, log: 'ℓog\n', payload: '{"errorType":"Error"}' });
  });

  it('reads a 6 MB payload arriving in 64 KB chunks, followed by another frame in the last chunk', () => {
    const body = 'x'.repeat(4 * 1024 * 1024) + 'é'.repeat(1024 * 1024) + '😀'.repeat(64 * 1024);
    const payload = JSON.stringify({ body });
    assert.ok(Buffer.byteLength(payload) >= 6 * 1024 * 1024);
    const bytes = Buffer.concat([encodeFromChild('R', 'big', 300, 'a log\n', payload), encodeFromChild('R', 'next', 1, '', 'null')]);
    const chunks: Buffer[] = [];
    for (let at = 0; at < bytes.length; at += 65536) chunks.push(bytes.subarray(at, at + 65536));
    const frames: Buffer[] = [];
    const reader = new FrameReader((frame) => frames.push(frame));
    for (const chunk of chunks) reader.push(chunk);
    const decoded = frames.map(decodeFromChild);
    assert.equal(decoded.length, 2);
    assert.equal(decoded[0]!.requestId, 'big');
    assert.equal(decoded[0]!.log, 'a log\n');
    assert.equal(decoded[0]!.payload, payload);
    assert.equal(decoded[1]!.payload, 'null');
  });
});
