/**
 * IAM's listings: MaxItems (1 to 1000, 100 by default) and an opaque Marker; the answer says IsTruncated and,
 * when it is, the Marker to pass next. Entities are listed in name order, as IAM lists them.
 */
import { z } from 'zod';
import { decodePageToken, encodePageToken } from '../../shared/page-token.js';
import { Clauses } from '../../shared/validation-clauses.js';
import { invalidInput } from './errors.js';

const MarkerSchema = z.object({ after: z.string() });

export interface Listed<T> {
  items: T[];
  IsTruncated: boolean;
  Marker?: string;
}

/** `items` already in listing order; `key` is what a marker remembers (the last name or id answered). */
export function pageOf<T>(items: readonly T[], key: (item: T) => string, marker: string | undefined, maxItems: number | undefined): Listed<T> {
  new Clauses('ValidationError').range('maxItems', maxItems, 1, 1000).length('marker', marker, 1, 320).throwIfAny();
  let start = 0;
  if (marker !== undefined) {
    const decoded = decodePageToken(marker, MarkerSchema);
    // Inferred text: IAM's refusal of a marker it did not issue.
    if (!decoded) throw invalidInput('Invalid Marker.');
    // Just after the item the marker names; if it is gone, at the first one after it in name order.
    const at = items.findIndex((item) => key(item) === decoded.after);
    start = at >= 0 ? at + 1 : items.findIndex((item) => key(item) > decoded.after);
    if (start < 0) start = items.length;
  }
  const limit = maxItems ?? 100;
  const page = items.slice(start, start + limit);
  const truncated = start + limit < items.length;
  return truncated ? { items: page, IsTruncated: true, Marker: encodePageToken({ after: key(page[page.length - 1]!) }) } : { items: page, IsTruncated: false };
}

export const byName = <T>(items: T[], name: (item: T) => string): T[] => items.sort((a, b) => (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0));
