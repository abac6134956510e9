/**
 * The integration request body of a non-proxy integration: the request template chosen by the request's
 * Content-Type (only its MIME type; `application/json` when there is none) rendered over the method request
 * body, or, when no template is defined for it, the body passed through as passthroughBehavior allows:
 * WHEN_NO_MATCH always, WHEN_NO_TEMPLATES only if the integration has no templates at all, NEVER not at all
 * (415 Unsupported Media Type). Developer guide: "Integration passthrough behaviors", "Select a VTL mapping
 * template".
 */
import type { Integration } from '../../domain/apigateway.js';
import { mimeOf, type CompiledIntegration } from './compiled.js';
import { unsupportedMediaType } from './errors.js';
import type { Exchange } from './exchange.js';

export interface IntegrationRequestBody {
  body: Buffer;
  /** The template's content type, or the client's Content-Type for a passed-through body. */
  contentType: string | undefined;
  /** A template made the body (rather than the client's body passed through). */
  templated: boolean;
}

export function integrationRequestBody(integration: Integration, compiled: CompiledIntegration, exchange: Exchange): IntegrationRequestBody {
  const clientType = exchange.header('content-type');
  const contentType = clientType === undefined || mimeOf(clientType) === '' ? 'application/json' : mimeOf(clientType);
  const body = exchange.inv.body;
  if (compiled.requestTemplates.has(contentType)) {
    const template = compiled.requestTemplates.get(contentType);
    // An empty template passes the body through.
    if (!template) return { body, contentType: clientType, templated: false };
    return { body: Buffer.from(exchange.render(template, body.toString('utf8'), 'request')), contentType, templated: true };
  }
  const behavior = integration.passthroughBehavior;
  if (behavior === 'NEVER' || (behavior === 'WHEN_NO_TEMPLATES' && compiled.requestTemplates.size > 0)) {
    throw unsupportedMediaType(`No mapping template for content type ${contentType} and passthroughBehavior ${behavior}: request rejected`);
  }
  return { body, contentType: clientType, templated: false };
}
