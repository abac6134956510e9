/** Minimal XML writing for the query and ec2 protocols: escaped text, elements built as strings. */
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

export function element(name: string, inner: string): string {
  return `<${name}>${inner}</${name}>`;
}
