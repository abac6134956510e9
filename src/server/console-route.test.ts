import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CONSOLE_NOT_BUILT, consoleBuilt, serveConsole } from './console-route.js';

describe('the console before it is built', () => {
  const root = mkdtempSync(join(tmpdir(), 'gatehouse-console-'));
  let server: Server;
  let url: string;
  before(async () => {
    server = createServer((req, res) => void serveConsole(req, res, { listenHost: '127.0.0.1', root }));
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/_gatehouse/console/`;
  });
  after(() => {
    server.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('answers 503 saying what to run, then the page once the files are there, without a restart', async () => {
    assert.equal(consoleBuilt(root), false);
    const missing = await fetch(url);
    assert.equal(missing.status, 503);
    const body = await missing.text();
    assert.equal(body, CONSOLE_NOT_BUILT);
    assert.match(body, /`npm run build`/);
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>Gatehouse</title>');
    assert.equal(consoleBuilt(root), true);
    const built = await fetch(url);
    assert.equal(built.status, 200);
    assert.match(await built.text(), /<title>Gatehouse<\/title>/);
  });
});
