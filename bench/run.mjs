#!/usr/bin/env node
// npm run bench -- NAME: runs dist/bench/NAME.js (built by the prebench script).
import { readdirSync } from 'node:fs';

const name = process.argv[2];
const available = readdirSync(new URL('../dist/bench/', import.meta.url)).filter((f) => f.endsWith('.js') && f !== 'support.js').map((f) => f.slice(0, -3));
if (!name || !available.includes(name)) {
  console.error(`usage: npm run bench -- NAME   (one of: ${available.join(', ')})`);
  process.exit(2);
}
const mod = await import(`../dist/bench/${name}.js`);
await mod.run();
