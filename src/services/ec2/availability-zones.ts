/**
 * The Availability Zones of a region, and DescribeAvailabilityZones. us-east-1 has AWS's six (a to f); other
 * regions get three (a to c). Zone ids follow AWS's scheme: region code abbreviated (`us-east-1` → `use1`,
 * `ap-southeast-2` → `apse2`) then `-azN`.
 */
import type { OperationContext } from '../types.js';
import { applyFilters, type FilterFields, type FilterInput } from './filters.js';
import { invalidParameterValue } from './errors.js';

export interface Zone {
  ZoneName: string;
  ZoneId: string;
  RegionName: string;
}

const DIRECTIONS: Readonly<Record<string, string>> = {
  east: 'e', west: 'w', north: 'n', south: 's', central: 'c',
  northeast: 'ne', northwest: 'nw', southeast: 'se', southwest: 'sw',
};

/** `us-east-1` → `use1`; a region name that is not geo-direction-N is used as is. */
export function regionCode(region: string): string {
  const m = /^([a-z]+)-([a-z]+)-(\d+)$/.exec(region);
  const dir = m ? DIRECTIONS[m[2]!] : undefined;
  return m && dir ? `${m[1]}${dir}${m[3]}` : region;
}

export function zonesOf(region: string): Zone[] {
  const letters = region === 'us-east-1' ? 'abcdef' : 'abc';
  return [...letters].map((letter, i) => ({ ZoneName: `${region}${letter}`, ZoneId: `${regionCode(region)}-az${i + 1}`, RegionName: region }));
}

export function zoneByName(region: string, name: string): Zone | undefined {
  return zonesOf(region).find((z) => z.ZoneName === name);
}

export function zoneById(region: string, id: string): Zone | undefined {
  return zonesOf(region).find((z) => z.ZoneId === id);
}

function zoneView(z: Zone) {
  return {
    State: 'available',
    OptInStatus: 'opt-in-not-required',
    Messages: [],
    RegionName: z.RegionName,
    ZoneName: z.ZoneName,
    ZoneId: z.ZoneId,
    GroupName: z.RegionName,
    NetworkBorderGroup: z.RegionName,
    ZoneType: 'availability-zone',
  };
}

type ZoneView = ReturnType<typeof zoneView>;

const FIELDS: FilterFields<ZoneView> = {
  'zone-name': (z) => z.ZoneName,
  'zone-id': (z) => z.ZoneId,
  'region-name': (z) => z.RegionName,
  state: (z) => z.State,
  'zone-type': (z) => z.ZoneType,
  'group-name': (z) => z.GroupName,
  'opt-in-status': (z) => z.OptInStatus,
  'network-border-group': (z) => z.NetworkBorderGroup,
};

interface DescribeAvailabilityZonesInput {
  Filters?: FilterInput[];
  ZoneNames?: string[];
  ZoneIds?: string[];
}

export function describeAvailabilityZones(input: DescribeAvailabilityZonesInput, ctx: OperationContext) {
  const zones = zonesOf(ctx.scope.region);
  for (const name of input.ZoneNames ?? []) {
    if (!zones.some((z) => z.ZoneName === name)) throw invalidParameterValue(`The zone '${name}' does not exist.`);
  }
  for (const id of input.ZoneIds ?? []) {
    if (!zones.some((z) => z.ZoneId === id)) throw invalidParameterValue(`The zone id '${id}' does not exist.`);
  }
  const picked = zones.filter(
    (z) => (input.ZoneNames === undefined || input.ZoneNames.includes(z.ZoneName)) && (input.ZoneIds === undefined || input.ZoneIds.includes(z.ZoneId)),
  );
  return { AvailabilityZones: applyFilters(picked.map(zoneView), input.Filters, FIELDS) };
}
