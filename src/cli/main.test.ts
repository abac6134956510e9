import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Command } from 'commander';
import { buildProgram, serverUrl } from './main.js';

/** The commands that talk to a running Gatehouse (`up` starts one; `policy simulate` needs none). */
const SERVER_COMMANDS: Readonly<Record<string, string[]>> = {
  exec: ['i-0123456789abcdef0', '--', 'true'],
  env: ['i-0123456789abcdef0'],
  tutorial: [],
  logs: ['hello'],
  explain: ['--last'],
  reach: [],
};

function command(program: Command, name: string): Command {
  const found = program.commands.find((c) => c.name() === name);
  assert.ok(found, `no command ${name}`);
  return found;
}

/** Parses `gatehouse NAME ARGS...` with the command's action replaced: the options it would have run with. */
async function parsedOptions(name: string, args: string[]): Promise<Record<string, unknown>> {
  const program = buildProgram().exitOverride();
  let seen: Record<string, unknown> | undefined;
  command(program, name)
    .exitOverride()
    .configureOutput({ writeErr: () => {} })
    .action(function (this: Command) {
      seen = this.opts();
    });
  await program.parseAsync(['node', 'gatehouse', name, ...args]);
  assert.ok(seen, `${name} did not run`);
  return seen;
}

describe('gatehouse: --endpoint-url on every command that talks to a server', () => {
  for (const [name, args] of Object.entries(SERVER_COMMANDS)) {
    it(`${name} takes --endpoint-url, and --endpoint as an alias kept out of --help`, async () => {
      const help = command(buildProgram(), name).helpInformation();
      assert.match(help, /--endpoint-url <url>/);
      assert.doesNotMatch(help, /--endpoint <url>/);
      const url = 'http://127.0.0.1:4599';
      assert.equal(serverUrl(await parsedOptions(name, ['--endpoint-url', url, ...args]), {}), url);
      assert.equal(serverUrl(await parsedOptions(name, ['--endpoint', url, ...args]), {}), url);
    });
  }

  it('no flag: $GATEHOUSE_ENDPOINT_URL, then http://127.0.0.1:4566; the flag wins over the variable', () => {
    assert.equal(serverUrl({}, {}), 'http://127.0.0.1:4566');
    assert.equal(serverUrl({}, { GATEHOUSE_ENDPOINT_URL: 'http://127.0.0.1:5000' }), 'http://127.0.0.1:5000');
    assert.equal(serverUrl({ endpointUrl: 'http://127.0.0.1:4599' }, { GATEHOUSE_ENDPOINT_URL: 'http://127.0.0.1:5000' }), 'http://127.0.0.1:4599');
  });

  it('a value that is not a URL is refused before anything is sent', async () => {
    await assert.rejects(parsedOptions('explain', ['--endpoint-url', '127.0.0.1:4566', '--last']), /must be a URL/);
    await assert.rejects(parsedOptions('reach', ['--endpoint', 'localhost']), /must be a URL/);
  });

  it('up and policy simulate take no --endpoint-url (up starts the server; simulate needs none)', () => {
    const program = buildProgram();
    assert.doesNotMatch(command(program, 'up').helpInformation(), /--endpoint-url/);
    assert.doesNotMatch(command(command(program, 'policy'), 'simulate').helpInformation(), /--endpoint-url/);
  });
});
