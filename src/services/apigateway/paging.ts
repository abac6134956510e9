/** `limit`/`position` paging as API Gateway's Get* collections do it (default 25 items, at most 500). */
import type { Scope } from '../../shared/accounts.js';
import type { DocumentTable } from '../../store/store.js';
import { badRequest } from './errors.js';

export function pageOf<T>(table: DocumentTable<T>, scope: Scope, parent: string, limit: number | undefined, position: string | undefined): { items: T[]; position?: string } {
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1 || limit > 500)) throw badRequest('Invalid limit specified. Must be between 1 and 500.');
  const page = table.page(scope, parent, limit ?? 25, position);
  return page.next === undefined ? { items: page.items } : { items: page.items, position: page.next };
}
