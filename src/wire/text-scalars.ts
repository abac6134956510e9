/** Scalars written as text (URI labels, query strings, headers, form fields), read as their model type. */
import type { Shape } from './model.js';

export function scalarFromText(shape: Shape, text: string): unknown {
  switch (shape.type) {
    case 'integer':
    case 'long':
    case 'float':
    case 'double':
      return Number(text);
    case 'boolean':
      return text.toLowerCase() === 'true';
    case 'timestamp':
      return /^\d+(\.\d+)?$/.test(text) ? new Date(Number(text) * 1000) : new Date(text);
    case 'blob':
      return Buffer.from(text, 'base64');
    default:
      return text;
  }
}
