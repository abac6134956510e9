/**
 * `MaxResults` / `NextToken` over a filtered Describe result. The token is opaque to clients: the offset of
 * the next item. Without MaxResults everything comes back in one answer, as on AWS.
 */
import { z } from 'zod';
import { decodePageToken, encodePageToken } from '../../shared/page-token.js';
import { ec2Error, invalidParameterValue } from './errors.js';
import { applyFilters, type FilterFields, type FilterInput } from './filters.js';

const MIN = 5;
const MAX = 1000;

export function pageOf<T>(items: readonly T[], maxResults: number | undefined, nextToken: string | undefined): { items: T[]; NextToken?: string } {
  if (maxResults !== undefined) {
    if (!Number.isInteger(maxResults) || maxResults < MIN) throw invalidParameterValue(`Value ( ${maxResults} ) for parameter maxResults is invalid. Expecting a value greater than ${MIN}.`);
    if (maxResults > MAX) throw invalidParameterValue(`Value ( ${maxResults} ) for parameter maxResults is invalid. Expecting a value less than or equal to ${MAX}.`);
  }
  const start = nextToken === undefined || nextToken === '' ? 0 : decode(nextToken);
  if (maxResults === undefined) return { items: items.slice(start) };
  const end = start + maxResults;
  const page = items.slice(start, end);
  return end < items.length ? { items: page, NextToken: encode(end) } : { items: page };
}

/** The paging and filtering members every Describe* input has. */
export interface DescribeInput {
  Filters?: FilterInput[];
  MaxResults?: number;
  NextToken?: string;
}

/** Filters, then pages: what every Describe* does after picking its documents. */
export function filteredPage<T extends object>(docs: readonly T[], input: DescribeInput, fields: FilterFields<T>): { items: T[]; NextToken?: string } {
  return pageOf(applyFilters(docs, input.Filters, fields), input.MaxResults, input.NextToken);
}

const TOKEN = z.object({ offset: z.number().int().nonnegative() });

const encode = (offset: number): string => encodePageToken({ offset });

function decode(token: string): number {
  const value = decodePageToken(token, TOKEN);
  if (!value) throw ec2Error('InvalidPaginationToken', `Invalid pagination token: ${token}`);
  return value.offset;
}
