/**
 * CloudFormation's query protocol for the Stacks pages: a form POST to `/` (Version 2010-05-15, the
 * `cloudformation` credential scope), XML answers read with DOMParser; lists are `member` elements.
 */
import { AwsError, REGION } from './aws';

export interface Stack {
  name: string;
  id: string;
  status: string;
  statusReason?: string;
  description?: string;
  created: string;
  outputs: { key: string; value: string; description?: string; exportName?: string }[];
  parameters: { key: string; value: string }[];
}

export interface StackEvent {
  id: string;
  timestamp: string;
  logicalId: string;
  physicalId: string;
  type: string;
  status: string;
  reason?: string;
}

export interface StackResource {
  logicalId: string;
  physicalId: string;
  type: string;
  status: string;
  reason?: string;
  updated: string;
}

export interface TemplateParameter {
  key: string;
  type: string;
  defaultValue?: string;
  description?: string;
  noEcho: boolean;
}

export interface TemplateSummary {
  parameters: TemplateParameter[];
  capabilities: string[];
  description?: string;
}

function child(parent: Element | undefined, tag: string): Element | undefined {
  if (!parent) return undefined;
  return Array.from(parent.children).find((c) => c.localName === tag);
}

function text(parent: Element | undefined, tag: string): string {
  return child(parent, tag)?.textContent ?? '';
}

function optional(parent: Element | undefined, tag: string): string | undefined {
  const el = child(parent, tag);
  return el ? (el.textContent ?? '') : undefined;
}

function members(parent: Element | undefined): Element[] {
  return parent ? Array.from(parent.children).filter((c) => c.localName === 'member') : [];
}

/** `<ActionResult>` under `<ActionResponse>`. */
function result(doc: Document, action: string): Element | undefined {
  return child(doc.documentElement, `${action}Result`);
}

async function call(action: string, params: Record<string, string> = {}): Promise<Document> {
  const form = new URLSearchParams({ Action: action, Version: '2010-05-15', ...params });
  const res = await fetch('/', {
    method: 'POST',
    headers: {
      Authorization: `AWS4-HMAC-SHA256 Credential=test/20260101/${REGION}/cloudformation/aws4_request, SignedHeaders=host, Signature=0`,
      'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8',
    },
    body: form.toString(),
  });
  const doc = new DOMParser().parseFromString(await res.text(), 'application/xml');
  if (!res.ok) {
    const error = doc.getElementsByTagName('Error')[0];
    const code = error ? text(error, 'Code') : '';
    const message = error ? text(error, 'Message') : '';
    throw new AwsError(code || 'Error', message || `${res.status} ${res.statusText}`, res.status);
  }
  return doc;
}

function readStack(m: Element): Stack {
  return {
    name: text(m, 'StackName'),
    id: text(m, 'StackId'),
    status: text(m, 'StackStatus'),
    ...(optional(m, 'StackStatusReason') ? { statusReason: text(m, 'StackStatusReason') } : {}),
    ...(optional(m, 'Description') !== undefined ? { description: text(m, 'Description') } : {}),
    created: text(m, 'CreationTime'),
    outputs: members(child(m, 'Outputs')).map((o) => ({
      key: text(o, 'OutputKey'),
      value: text(o, 'OutputValue'),
      ...(optional(o, 'Description') !== undefined ? { description: text(o, 'Description') } : {}),
      ...(optional(o, 'ExportName') !== undefined ? { exportName: text(o, 'ExportName') } : {}),
    })),
    parameters: members(child(m, 'Parameters')).map((p) => ({ key: text(p, 'ParameterKey'), value: text(p, 'ParameterValue') })),
  };
}

export async function describeStacks(name?: string): Promise<Stack[]> {
  const stacks: Stack[] = [];
  let token: string | undefined;
  do {
    const doc = await call('DescribeStacks', { ...(name ? { StackName: name } : {}), ...(token ? { NextToken: token } : {}) });
    const r = result(doc, 'DescribeStacks');
    stacks.push(...members(child(r, 'Stacks')).map(readStack));
    token = optional(r, 'NextToken') || undefined;
  } while (token);
  return stacks;
}

export async function describeStack(name: string): Promise<Stack | undefined> {
  return (await describeStacks(name))[0];
}

export async function describeStackEvents(name: string): Promise<StackEvent[]> {
  const doc = await call('DescribeStackEvents', { StackName: name });
  return members(child(result(doc, 'DescribeStackEvents'), 'StackEvents')).map((e) => ({
    id: text(e, 'EventId'),
    timestamp: text(e, 'Timestamp'),
    logicalId: text(e, 'LogicalResourceId'),
    physicalId: text(e, 'PhysicalResourceId'),
    type: text(e, 'ResourceType'),
    status: text(e, 'ResourceStatus'),
    ...(optional(e, 'ResourceStatusReason') ? { reason: text(e, 'ResourceStatusReason') } : {}),
  }));
}

export async function listStackResources(name: string): Promise<StackResource[]> {
  const out: StackResource[] = [];
  let token: string | undefined;
  do {
    const doc = await call('ListStackResources', { StackName: name, ...(token ? { NextToken: token } : {}) });
    const r = result(doc, 'ListStackResources');
    out.push(
      ...members(child(r, 'StackResourceSummaries')).map((s) => ({
        logicalId: text(s, 'LogicalResourceId'),
        physicalId: text(s, 'PhysicalResourceId'),
        type: text(s, 'ResourceType'),
        status: text(s, 'ResourceStatus'),
        ...(optional(s, 'ResourceStatusReason') ? { reason: text(s, 'ResourceStatusReason') } : {}),
        updated: text(s, 'LastUpdatedTimestamp'),
      })),
    );
    token = optional(r, 'NextToken') || undefined;
  } while (token);
  return out;
}

export async function getTemplateSummary(templateBody: string): Promise<TemplateSummary> {
  const doc = await call('GetTemplateSummary', { TemplateBody: templateBody });
  const r = result(doc, 'GetTemplateSummary');
  return {
    parameters: members(child(r, 'Parameters')).map((p) => ({
      key: text(p, 'ParameterKey'),
      type: text(p, 'ParameterType'),
      ...(optional(p, 'DefaultValue') !== undefined ? { defaultValue: text(p, 'DefaultValue') } : {}),
      ...(optional(p, 'Description') ? { description: text(p, 'Description') } : {}),
      noEcho: text(p, 'NoEcho') === 'true',
    })),
    capabilities: members(child(r, 'Capabilities')).map((c) => c.textContent ?? ''),
    ...(optional(r, 'Description') ? { description: text(r, 'Description') } : {}),
  };
}

export async function createStack(input: { name: string; templateBody: string; parameters: Record<string, string>; capabilities: string[] }): Promise<string> {
  const params: Record<string, string> = { StackName: input.name, TemplateBody: input.templateBody };
  Object.entries(input.parameters).forEach(([key, value], i) => {
    params[`Parameters.member.${i + 1}.ParameterKey`] = key;
    params[`Parameters.member.${i + 1}.ParameterValue`] = value;
  });
  input.capabilities.forEach((c, i) => (params[`Capabilities.member.${i + 1}`] = c));
  const doc = await call('CreateStack', params);
  return text(result(doc, 'CreateStack'), 'StackId');
}

export async function deleteStack(name: string): Promise<void> {
  await call('DeleteStack', { StackName: name });
}
