/**
 * S3's object bodies for the server: a blob store in the data dir (`{dataDir}/s3`), or in a temp dir of its
 * own when Gatehouse runs in memory, swept at start of what a crash left (files no document names). Loaded
 * with the services (it reads S3's tables), after the server listens.
 */
import { join } from 'node:path';
import { referencedBodies } from '../services/s3/state.js';
import { BlobStore } from '../store/blob-store.js';
import type { Store } from '../store/store.js';

export function openObjectStorage(options: { inMemory: boolean; dataDir: string }, store: Store): BlobStore {
  const blobs = options.inMemory ? BlobStore.temporary() : BlobStore.open(join(options.dataDir, 's3'));
  const referenced = referencedBodies(store);
  blobs.sweep((key) => referenced.has(key));
  return blobs;
}
