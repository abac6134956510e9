/** The API endpoint type and, for Private, the VPC endpoints it accepts: Create API and API settings share them. */
import { useEffect, useState } from 'preact/hooks';
import { describeVpcEndpoints, type EndpointType, type VpcEndpoint } from '../apigateway';
import { errorMessage, REGION } from '../aws';
import { ENDPOINT_TYPE_LABEL } from './apis';
import { ErrorAlert } from './error-alert';

const ENDPOINT_TYPES: EndpointType[] = ['REGIONAL', 'EDGE', 'PRIVATE'];

export function EndpointTypeFields(props: {
  endpointType: EndpointType;
  onEndpointType: (t: EndpointType) => void;
  vpcEndpointIds: string[];
  onVpcEndpointIds: (update: (ids: string[]) => string[]) => void;
}) {
  const [endpoints, setEndpoints] = useState<VpcEndpoint[] | undefined>(undefined);
  const [endpointsError, setEndpointsError] = useState<string | undefined>(undefined);
  const { endpointType } = props;

  useEffect(() => {
    if (endpointType !== 'PRIVATE' || endpoints) return;
    describeVpcEndpoints().then(
      (all) => setEndpoints(all.filter((e) => e.serviceName === `com.amazonaws.${REGION}.execute-api`)),
      (err: unknown) => setEndpointsError(errorMessage(err)),
    );
  }, [endpointType, endpoints]);

  const toggle = (id: string, on: boolean): void => props.onVpcEndpointIds((ids) => (on ? [...ids, id] : ids.filter((i) => i !== id)));
  return (
    <>
      <label>
        <span>API endpoint type</span>
        <select name="endpointType" value={endpointType} onChange={(e) => props.onEndpointType(e.currentTarget.value as EndpointType)}>
          {ENDPOINT_TYPES.map((t) => (
            <option key={t} value={t}>
              {ENDPOINT_TYPE_LABEL[t]}
            </option>
          ))}
        </select>
        <small>
          {endpointType === 'REGIONAL' && 'APIs deployed in the current AWS Region.'}
          {endpointType === 'EDGE' && 'APIs deployed to the CloudFront network.'}
          {endpointType === 'PRIVATE' && 'APIs accessible only from VPCs.'}
        </small>
      </label>
      {endpointType === 'PRIVATE' && (
        <fieldset class="vpce">
          <legend>
            VPC endpoint IDs - <em>optional</em>
          </legend>
          <ErrorAlert message={endpointsError} />
          {endpoints === undefined && !endpointsError && <p class="muted">Loading VPC endpoints</p>}
          {endpoints?.length === 0 && <p class="muted">No VPC endpoints for execute-api in {REGION}. Create one with EC2 CreateVpcEndpoint.</p>}
          {endpoints?.map((vpce) => (
            <label class="choice" key={vpce.id}>
              <input type="checkbox" value={vpce.id} checked={props.vpcEndpointIds.includes(vpce.id)} onChange={(e) => toggle(vpce.id, e.currentTarget.checked)} />
              <code>{vpce.id}</code>
              {vpce.name ? ` (${vpce.name})` : ''}
              <small>
                {vpce.vpcId} · {vpce.state}
              </small>
            </label>
          ))}
        </fieldset>
      )}
    </>
  );
}
