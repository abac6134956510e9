/** The API Gateway and EC2 operations the console's pages use, typed as the APIs answer them. */
import { apigateway, ec2 } from './aws';

export type EndpointType = 'REGIONAL' | 'EDGE' | 'PRIVATE';

export interface RestApi {
  id: string;
  name: string;
  description?: string;
  createdDate?: number;
  endpointConfiguration?: { types?: EndpointType[]; vpcEndpointIds?: string[] };
}

export interface VpcEndpoint {
  id: string;
  vpcId: string;
  serviceName: string;
  state: string;
  name?: string;
}

/** GetRestApis, every page of it. */
export async function getRestApis(): Promise<RestApi[]> {
  const apis: RestApi[] = [];
  let position: string | undefined;
  do {
    const query = new URLSearchParams({ limit: '500' });
    if (position) query.set('position', position);
    const page = await apigateway<{ item?: RestApi[]; position?: string }>('GET', `/restapis?${query.toString()}`);
    apis.push(...(page.item ?? []));
    position = page.position;
  } while (position);
  return apis;
}

export interface CreateRestApiInput {
  name: string;
  description?: string;
  endpointType: EndpointType;
  vpcEndpointIds: string[];
}

export function createRestApi(input: CreateRestApiInput): Promise<RestApi> {
  const endpointConfiguration: RestApi['endpointConfiguration'] = { types: [input.endpointType] };
  if (input.endpointType === 'PRIVATE' && input.vpcEndpointIds.length > 0) endpointConfiguration.vpcEndpointIds = input.vpcEndpointIds;
  return apigateway<RestApi>('POST', '/restapis', {
    name: input.name,
    ...(input.description ? { description: input.description } : {}),
    endpointConfiguration,
  });
}

export async function deleteRestApi(id: string): Promise<void> {
  await apigateway<unknown>('DELETE', `/restapis/${encodeURIComponent(id)}`);
}

/** DescribeVpcEndpoints: the interface endpoints API Gateway can use (execute-api), with their Name tags. */
export async function describeVpcEndpoints(): Promise<VpcEndpoint[]> {
  const doc = await ec2('DescribeVpcEndpoints');
  const items = Array.from(doc.getElementsByTagName('vpcEndpointSet')[0]?.children ?? []);
  return items.map((item) => {
    const text = (tag: string): string => directChild(item, tag)?.textContent ?? '';
    const tags = Array.from(directChild(item, 'tagSet')?.children ?? []);
    const name = tags.find((t) => directChild(t, 'key')?.textContent === 'Name');
    return {
      id: text('vpcEndpointId'),
      vpcId: text('vpcId'),
      serviceName: text('serviceName'),
      state: text('state'),
      ...(name ? { name: directChild(name, 'value')?.textContent ?? '' } : {}),
    };
  });
}

function directChild(parent: Element, tag: string): Element | undefined {
  return Array.from(parent.children).find((c) => c.tagName === tag);
}
