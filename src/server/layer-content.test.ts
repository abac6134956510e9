import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { strToU8, zipSync } from 'fflate';
import { mergedLayers } from './layer-content.js';

test('layers merge in order into one directory, made once; bin/ is executable; no entry escapes', () => {
  const root = mkdtempSync(join(tmpdir(), 'gatehouse-layers-'));
  const zips: Record<string, Uint8Array> = {
    a: zipSync({ 'shared.txt': strToU8('from a'), 'only-a.txt': strToU8('a'), 'bin/tool': strToU8('#!/bin/sh\necho hi\n') }),
    b: zipSync({ 'shared.txt': strToU8('from b'), '../escape.txt': strToU8('no') }),
  };
  const zipPath = (key: string) => {
    const file = join(root, `${key}.zip`);
    writeFileSync(file, zips[key]!);
    return file;
  };
  const dir = mergedLayers(root, ['a', 'b'], zipPath);
  assert.equal(readFileSync(join(dir, 'shared.txt'), 'utf8'), 'from b');
  assert.equal(readFileSync(join(dir, 'only-a.txt'), 'utf8'), 'a');
  assert.equal(statSync(join(dir, 'bin', 'tool')).mode & 0o111, 0o111);
  assert.deepEqual(readdirSync(join(root, 'opt')), [dir.split('/').at(-1)], 'no temporary directory is left');
  assert.equal(readdirSync(root).includes('escape.txt'), false);
  const reversed = mergedLayers(root, ['b', 'a'], zipPath);
  assert.notEqual(reversed, dir);
  assert.equal(readFileSync(join(reversed, 'shared.txt'), 'utf8'), 'from a');
  writeFileSync(join(dir, 'marker'), '');
  assert.equal(mergedLayers(root, ['a', 'b'], zipPath), dir, 'the same layers in the same order: the same directory, not made again');
  assert.equal(readdirSync(dir).includes('marker'), true);
});
