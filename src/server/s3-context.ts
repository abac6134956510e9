/**
 * The part of an operation context S3 needs, which every place that builds contexts for API requests takes
 * from here (front-door's `answer`, the S3 route). Types only: the front door must not load the services.
 */
import type { OperationContext } from '../services/types.js';
import type { BlobStore } from '../store/blob-store.js';

export function s3ContextPart(services: { objects: BlobStore }): Pick<OperationContext, 'objects'> {
  return { objects: services.objects };
}
