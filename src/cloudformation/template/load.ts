/**
 * Template text to a checked `Template`: parse (JSON or YAML with short forms), then read the sections.
 * References between sections are checked by `validateTemplate` (or `prepareStack`, which runs it).
 */
import type { Template } from './model.js';
import { parseTemplateBody } from './parse.js';
import { readTemplate } from './structure.js';

export function loadTemplate(body: string): Template {
  return readTemplate(parseTemplateBody(body));
}
