/** How configurations appear in lists: ListFunctions and ListVersionsByFunction show a subset of each. */
import type { FunctionConfiguration } from '../../domain/lambda.js';

export function listView(configuration: FunctionConfiguration): Omit<FunctionConfiguration, 'State' | 'LastUpdateStatus' | 'RuntimeVersionConfig'> {
  const { State: _s, LastUpdateStatus: _l, RuntimeVersionConfig: _r, ...rest } = configuration;
  return rest;
}
