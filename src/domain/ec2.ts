/**
 * The EC2 network entities Gatehouse models, stored under AWS's member names (the EC2 model's, PascalCase),
 * so a record is what Describe* returns. Optional fields are absent, never null. These are data, not
 * machines: an instance is a network identity (a private IP in a subnet, security groups), an interface
 * endpoint is a set of network interfaces that the network layer serves with real TLS listeners.
 */

export interface Tag {
  Key: string;
  Value: string;
}

export interface Vpc {
  VpcId: string;
  CidrBlock: string;
  State: 'available';
  DhcpOptionsId: string;
  InstanceTenancy: string;
  IsDefault: boolean;
  OwnerId: string;
  CidrBlockAssociationSet: Array<{ AssociationId: string; CidrBlock: string; CidrBlockState: { State: 'associated' } }>;
  Tags?: Tag[];
  /** DescribeVpcAttribute enableDnsSupport (default true). */
  EnableDnsSupport: boolean;
  /** DescribeVpcAttribute enableDnsHostnames (default false, true for the default VPC). */
  EnableDnsHostnames: boolean;
  /** DescribeVpcAttribute enableNetworkAddressUsageMetrics (absent = false). */
  EnableNetworkAddressUsageMetrics?: boolean;
}

export interface Subnet {
  SubnetId: string;
  SubnetArn: string;
  VpcId: string;
  CidrBlock: string;
  AvailabilityZone: string;
  AvailabilityZoneId: string;
  AvailableIpAddressCount: number;
  DefaultForAz: boolean;
  MapPublicIpOnLaunch: boolean;
  State: 'available';
  OwnerId: string;
  Tags?: Tag[];
}

/** One rule of a security group, as AWS's IpPermission. */
export interface IpPermission {
  IpProtocol: string;
  FromPort?: number;
  ToPort?: number;
  IpRanges?: Array<{ CidrIp: string; Description?: string }>;
  Ipv6Ranges?: Array<{ CidrIpv6: string; Description?: string }>;
  UserIdGroupPairs?: Array<{ GroupId: string; UserId?: string; Description?: string }>;
  PrefixListIds?: Array<{ PrefixListId: string; Description?: string }>;
}

export interface SecurityGroup {
  GroupId: string;
  GroupName: string;
  Description: string;
  VpcId: string;
  OwnerId: string;
  IpPermissions: IpPermission[];
  IpPermissionsEgress: IpPermission[];
  Tags?: Tag[];
}

/** An interface endpoint's network interface in one subnet: where the endpoint "is" in the VPC. */
export interface EndpointInterface {
  NetworkInterfaceId: string;
  SubnetId: string;
  AvailabilityZone: string;
  PrivateIpAddress: string;
}

export interface VpcEndpoint {
  VpcEndpointId: string;
  VpcEndpointType: 'Interface' | 'Gateway' | 'GatewayLoadBalancer';
  VpcId: string;
  ServiceName: string;
  State: string;
  PolicyDocument: string;
  RouteTableIds: string[];
  SubnetIds: string[];
  Groups: Array<{ GroupId: string; GroupName: string }>;
  /** Interface endpoints only (Gateway endpoints have no addresses of their own). */
  IpAddressType?: string;
  DnsOptions?: { DnsRecordIpType: string };
  PrivateDnsEnabled: boolean;
  RequesterManaged: boolean;
  NetworkInterfaceIds: string[];
  DnsEntries: Array<{ DnsName: string; HostedZoneId: string }>;
  CreationTimestamp: string;
  Tags?: Tag[];
  OwnerId: string;
  /** Not an EC2 member: the interfaces behind NetworkInterfaceIds, with their private IPs. */
  Interfaces: EndpointInterface[];
  /**
   * Not an EC2 member: the 8 random characters of the endpoint's DNS names (`vpce-{id}-{DnsSuffix}...`) and the
   * private hosted zone that holds its private DNS names; kept so the names survive ModifyVpcEndpoint.
   */
  DnsSuffix?: string;
  PrivateHostedZoneId?: string;
}

export interface Instance {
  InstanceId: string;
  ReservationId: string;
  ImageId: string;
  InstanceType: string;
  State: { Code: number; Name: string };
  PrivateIpAddress: string;
  PrivateDnsName: string;
  SubnetId: string;
  VpcId: string;
  SecurityGroups: Array<{ GroupId: string; GroupName: string }>;
  Placement: { AvailabilityZone: string; Tenancy: string };
  LaunchTime: string;
  AmiLaunchIndex: number;
  Architecture: string;
  RootDeviceType: string;
  Tags?: Tag[];
  OwnerId: string;
  KeyName?: string;
  /** Why the state last changed (terminations), as AWS reports it. */
  StateTransitionReason?: string;
  StateReason?: { Code: string; Message: string };
  /** Not an EC2 member: the id of the instance's primary network interface (shown in NetworkInterfaces). */
  NetworkInterfaceId?: string;
  /** The instance profile it was launched with: its role's credentials are what its metadata service hands out. */
  IamInstanceProfile?: { Arn: string; Id: string };
  /** How its instance metadata service answers (absent on instances stored before: AWS's defaults). */
  MetadataOptions?: InstanceMetadataOptions;
}

export interface InstanceMetadataOptions {
  /** `required`: IMDSv2 only (a session token on every request); `optional`: v1 too. */
  HttpTokens: 'optional' | 'required';
  HttpPutResponseHopLimit: number;
  HttpEndpoint: 'enabled' | 'disabled';
}

/**
 * An account+region's EC2 settings (one document per scope): which VPC is its default one, `none` once the
 * user deleted it. AWS reports it as the `default-vpc` account attribute.
 */
export interface AccountAttributes {
  DefaultVpcId: string;
}

/** Where a connection that reaches an execute-api endpoint comes from: the network layer's answer. */
export interface ConnectionOrigin {
  account: string;
  region: string;
  vpcId: string;
  vpceId: string;
  /** The client's private IP in its VPC (aws:VpcSourceIp, X-Forwarded-For). */
  sourceIp: string;
  instanceId: string;
}

/** A stable, locally administered MAC address for the instance's interface (DescribeInstances and its metadata). */
export function macAddress(instanceId: string): string {
  const hex = instanceId.slice(2).padEnd(10, '0').slice(0, 10);
  return `02:${hex.match(/../g)!.join(':')}`;
}
