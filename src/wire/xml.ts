/** Minimal XML writing for the query and ec2 protocols: escaped text, elements built as strings. */
// A literal CR would reach the client as LF (XML parsers normalise line ends), so it travels as a reference.
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\r': '&#xD;' };

export function escapeXml(text: string): string {
  return text.replace(/[&<>"'\r]/g, (c) => ESCAPES[c]!);
}

export function element(name: string, inner: string): string {
  return `<${name}>${inner}</${name}>`;
}
