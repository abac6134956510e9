/**
 * MOCK: no backend. The request template's `statusCode` selects the integration response, whose template is
 * the body. (Templates are still read literally here; VTL comes with the mapping-template work.)
 */
import { internalServerError } from '../gateway-error.js';
import type { IntegrationHandler } from './registry.js';

export const mockIntegration: IntegrationHandler = async (_inv, integration) => {
  const template = integration.requestTemplates?.['application/json'] ?? '';
  const status = /statusCode["']?\s*:\s*["']?(\d{3})/.exec(template ?? '')?.[1] ?? '200';
  const responses = Object.values(integration.integrationResponses ?? {});
  const chosen =
    responses.find((r) => r.selectionPattern !== undefined && r.selectionPattern !== '' && new RegExp(`^(?:${r.selectionPattern})$`).test(status)) ??
    responses.find((r) => r.selectionPattern === undefined || r.selectionPattern === '');
  if (!chosen) throw internalServerError(500);
  const body = chosen.responseTemplates?.['application/json'] ?? '';
  return { status: Number(chosen.statusCode), headers: [['Content-Type', 'application/json']], body: Buffer.from(body ?? ''), traced: false };
};
