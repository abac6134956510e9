#!/usr/bin/env node
// Rewrites src/wire/models/<model>.ts, the TypeScript types of each AWS model Gatehouse's services use, with
// the generator as last compiled: run `npx tsc -p tsconfig.json` first. The files are committed;
// src/wire/model-typings.test.ts fails when one differs from what the generator writes.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { modelTypings, TYPED_MODELS, typingsPath } from '../dist/src/wire/model-typings.js';

for (const modelFile of TYPED_MODELS) {
  const path = typingsPath(modelFile);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, modelTypings(modelFile));
  console.log(`wrote ${path}`);
}
