/**
 * XML request bodies read against the model (rest-xml): the text parsed by fast-xml-parser into elements
 * (document order kept, so flattened lists read as the repeated elements they are), then each member found by
 * its element name. No DTDs (so no entity expansion: XML bombs are refused before parsing), only XML's five
 * named entities and character references.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Member, Shape } from './model.js';
import { scalarFromText } from './text-scalars.js';

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** The element's own text, entities decoded. */
  text: string;
}

/** Thrown for text that is not well-formed XML (the protocol answers it with its own error). */
export class XmlSyntaxError extends Error {}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

type Node = Record<string, unknown>;

/** The document's root element. */
export function parseXml(text: string): XmlElement {
  if (/<!DOCTYPE/i.test(text) || XMLValidator.validate(text) !== true) throw new XmlSyntaxError('not well-formed');
  let nodes: Node[];
  try {
    nodes = parser.parse(text) as Node[];
  } catch {
    throw new XmlSyntaxError('not well-formed');
  }
  const roots = elementsOf(nodes);
  if (roots.length !== 1) throw new XmlSyntaxError('not one root element');
  return roots[0]!;
}

function elementsOf(nodes: Node[]): XmlElement[] {
  const out: XmlElement[] = [];
  for (const node of nodes) {
    for (const key of Object.keys(node)) {
      if (key === ':@' || key === '#text') continue;
      const children = node[key] as Node[];
      let text = '';
      for (const child of children) if (typeof child['#text'] === 'string') text += child['#text'];
      out.push({ name: key, attributes: (node[':@'] as Record<string, string> | undefined) ?? {}, children: elementsOf(children), text: decodeEntities(text) });
    }
  }
  return out;
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (_, ref: string) => {
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      if (code > 0x10ffff) throw new XmlSyntaxError('bad character reference');
      return String.fromCodePoint(code);
    }
    const named = NAMED[ref];
    if (named === undefined) throw new XmlSyntaxError(`undeclared entity ${ref}`);
    return named;
  });
}

/** A structure element's members by the model: absent elements are absent members. */
export function readXmlStructure(shape: Shape, element: XmlElement): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const member of shape.members.values()) {
    const name = member.locationName ?? member.name;
    if (member.xmlAttribute) {
      const v = element.attributes[name];
      if (v !== undefined) out[member.name] = scalarFromXml(member, v);
      continue;
    }
    if (member.shape.type === 'list' && (member.flattened || member.shape.flattened)) {
      const items = element.children.filter((c) => c.name === name);
      if (items.length > 0) out[member.name] = items.map((item) => readXmlValue(member.shape.member!, item));
      continue;
    }
    if (member.shape.type === 'map' && (member.flattened || member.shape.flattened)) {
      const entries = element.children.filter((c) => c.name === name);
      if (entries.length > 0) out[member.name] = readEntries(member.shape, entries);
      continue;
    }
    const child = element.children.find((c) => c.name === name);
    if (child) out[member.name] = readXmlValue(member, child);
  }
  return out;
}

function readXmlValue(member: Member, element: XmlElement): unknown {
  const shape = member.shape;
  switch (shape.type) {
    case 'structure':
      return readXmlStructure(shape, element);
    case 'list': {
      const item = shape.member!;
      const itemName = item.locationName ?? 'member';
      return element.children.filter((c) => c.name === itemName).map((c) => readXmlValue(item, c));
    }
    case 'map':
      return readEntries(shape, element.children.filter((c) => c.name === 'entry'));
    default:
      return scalarFromXml(member, element.text);
  }
}

function readEntries(shape: Shape, entries: XmlElement[]): Record<string, unknown> {
  const keyName = shape.key?.locationName ?? 'key';
  const valueName = shape.value?.locationName ?? 'value';
  const out: Record<string, unknown> = {};
  for (const entry of entries) {
    const k = entry.children.find((c) => c.name === keyName)?.text;
    const v = entry.children.find((c) => c.name === valueName);
    if (k !== undefined && v !== undefined) out[k] = readXmlValue(shape.value!, v);
  }
  return out;
}

function scalarFromXml(member: Member, text: string): unknown {
  const shape = member.shape;
  if (shape.type === 'timestamp') return new Date(text.trim());
  if (shape.type === 'string') return text;
  return scalarFromText(shape, text.trim());
}
