/**
 * JSON as Jackson's default pretty printer writes it, which is how ECR answers a repository policy it
 * stored (seen in SetRepositoryPolicy's answers: `{\n  "Version" : "2012-10-17",\n  "Statement" : [ {\n ...`):
 * objects one member a line, indented by two spaces, `" : "` between name and value; arrays on one line
 * with `[ ` and ` ]`; empty ones `{ }` and `[ ]`.
 */
export function jacksonPretty(value: unknown, indent = ''): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return '[ ]';
    return `[ ${value.map((v) => jacksonPretty(v, indent)).join(', ')} ]`;
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value);
    if (entries.length === 0) return '{ }';
    const inner = `${indent}  `;
    return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)} : ${jacksonPretty(v, inner)}`).join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value);
}
