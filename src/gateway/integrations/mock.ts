/**
 * MOCK: no backend. The integration request body (the request template's output, or the body passed
 * through) must give an integer `statusCode`; it selects the integration response (selectionPattern against
 * the status, else the default response), whose response template makes the body (recorded:
 * test_integration_mock_*; developer guide: "Set up mock integrations").
 */
import type { Answer } from '../invocation.js';
import { parseJsonValue } from '../vtl/values.js';
import { compileIntegration, selectResponse } from './compiled.js';
import { configurationError } from './errors.js';
import { Exchange } from './exchange.js';
import { methodResponse } from './method-response.js';
import type { IntegrationHandler } from './registry.js';
import { integrationRequestBody } from './request-body.js';

const EMPTY = Buffer.alloc(0);
const NOT_AN_INTEGER = 'statusCode should be an integer which defined in request template';

export const mockIntegration: IntegrationHandler = async (inv, integration): Promise<Answer> => {
  const compiled = compileIntegration(integration);
  const exchange = new Exchange(inv);
  const request = integrationRequestBody(integration, compiled, exchange);
  const status = String(mockStatus(request.body.toString('utf8')));
  const chosen = selectResponse(compiled.responses, status, status);
  if (!chosen) throw configurationError(`No match for output mapping and no default output mapping configured. Endpoint Response Status Code: ${status}`);
  return methodResponse(exchange, { chosen, result: { headers: [], body: '' }, bodyBytes: EMPTY, traced: false });
};

// Hot path: the status a request template's output gives, remembered per distinct output (a static template
// such as `{"statusCode": 200}` is parsed once).
const statuses = new Map<string, number | string>();

/**
 * The `statusCode` a MOCK integration request gives. AWS reads the output leniently (`{statusCode: 200}`, not
 * JSON, works: recorded test_integration_mock_with_path_param), wants an integer (a string such as "200" is
 * a configuration error, its execution log says), and an empty body means 200.
 */
export function mockStatus(output: string): number {
  let status = statuses.get(output);
  if (status === undefined) {
    status = readStatus(output);
    if (output.length <= 256) {
      if (statuses.size > 1000) statuses.clear();
      statuses.set(output, status);
    }
  }
  if (typeof status === 'string') throw configurationError(status);
  return status;
}

function readStatus(output: string): number | string {
  if (output.trim() === '') return 200;
  let parsed: unknown;
  try {
    parsed = parseJsonValue(output);
  } catch {
    // Not JSON: find the statusCode member the way a lenient reader would.
    const m = /(?:^|[{,\s])(["']?)statusCode\1\s*:\s*(["']?)([^,}\s"']*)\2/.exec(output);
    if (!m) return 200;
    return m[2] === '' && /^-?\d+$/.test(m[3]!) ? Number(m[3]) : NOT_AN_INTEGER;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || !('statusCode' in parsed)) return 200;
  const code = (parsed as { statusCode: unknown }).statusCode;
  return typeof code === 'number' && Number.isInteger(code) ? code : NOT_AN_INTEGER;
}
