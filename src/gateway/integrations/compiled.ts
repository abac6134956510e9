/**
 * What a non-proxy integration needs at request time, compiled once per deployed integration: its request
 * templates by content type, its parameter mappings, and its integration responses with their selection
 * patterns, response templates and response parameter mappings.
 *
 * Hot path: keyed by the integration object of the frozen deployment (the deployment cache keeps it), so a
 * deployment's templates and regexes are compiled on its first request and never again.
 */
import type { Integration, IntegrationResponse } from '../../domain/apigateway.js';
import { compileTemplate, type CompiledTemplate } from '../vtl/template.js';
import { compileRequestParameters, compileResponseParameters, type Mapping, type RequestTarget } from './parameters.js';

export interface CompiledResponse {
  response: IntegrationResponse;
  /** Matched against the whole subject (Java's Pattern.matches); undefined for the default response. */
  pattern: RegExp | undefined;
  /** In the order they were defined, content type in lower case; null for an empty template (passthrough). */
  templates: Array<[string, CompiledTemplate | null]>;
  parameters: Array<Mapping<string>>;
}

export interface CompiledIntegration {
  /** Request templates by content type in lower case; null for an empty template (passthrough). */
  requestTemplates: Map<string, CompiledTemplate | null>;
  requestParameters: Array<Mapping<RequestTarget>>;
  responses: CompiledResponse[];
}

const compiled = new WeakMap<Integration, CompiledIntegration>();

export function compileIntegration(integration: Integration): CompiledIntegration {
  let hit = compiled.get(integration);
  if (hit) return hit;
  hit = {
    requestTemplates: new Map(Object.entries(integration.requestTemplates ?? {}).map(([type, text]) => [type.toLowerCase(), text ? compileTemplate(text) : null])),
    requestParameters: compileRequestParameters(integration.requestParameters),
    responses: Object.values(integration.integrationResponses ?? {}).map((response) => {
      let pattern: RegExp | undefined;
      if (response.selectionPattern !== undefined && response.selectionPattern !== '') {
        try {
          pattern = new RegExp(`^(?:${response.selectionPattern})$`);
        } catch {
          // Not a regex JavaScript can run: it never matches.
          pattern = /(?!)/;
        }
      }
      return {
        response,
        pattern,
        templates: Object.entries(response.responseTemplates ?? {}).map(([type, text]): [string, CompiledTemplate | null] => [type.toLowerCase(), text ? compileTemplate(text) : null]),
        parameters: compileResponseParameters(response.responseParameters),
      };
    }),
  };
  compiled.set(integration, hit);
  return hit;
}

/**
 * The integration response for `subject` (a status code, or a Lambda function's errorMessage): the one whose
 * selectionPattern matches all of it (when several do, the one whose status code is `status`), else the
 * default one, the response without a selectionPattern.
 */
export function selectResponse(responses: readonly CompiledResponse[], subject: string, status?: string): CompiledResponse | undefined {
  let matched: CompiledResponse | undefined;
  for (const r of responses) {
    if (!r.pattern?.test(subject)) continue;
    if (matched === undefined || (status !== undefined && r.response.statusCode === status && matched.response.statusCode !== status)) matched = r;
  }
  return matched ?? responses.find((r) => r.pattern === undefined);
}

/** The MIME type of a Content-Type or Accept entry, in lower case, without parameters. */
export const mimeOf = (value: string): string => (value.split(';')[0] ?? '').trim().toLowerCase();
