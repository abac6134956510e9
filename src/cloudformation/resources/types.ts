/**
 * What a CloudFormation resource type is to Gatehouse: a record that provisions one resource through
 * Gatehouse's own services (so a stack can never do what the API cannot), and removes it again. The stack
 * engine resolves a resource's Properties (intrinsic functions, parameters) before it calls these.
 */
import type { Scope } from '../../shared/accounts.js';

/** The services a resource type may call, by SigV4 signing name. */
export type ServiceName = 'ec2' | 'lambda' | 'apigateway' | 'ssm' | 'sts' | 's3' | 'ecr' | 'iam' | 'cognito-idp';

export interface ResourceContext {
  readonly scope: Scope;
  readonly stackName: string;
  /** `arn:aws:cloudformation:{region}:{account}:stack/{name}/{uuid}`. */
  readonly stackId: string;
  readonly logicalId: string;
  /**
   * Runs one operation of a Gatehouse service as its API would (its own store transaction; the commit
   * listeners told, so the network and Lambda layers follow), with the input in the service model's shape.
   * Rejects with the ServiceError the API would answer.
   */
  call(service: ServiceName, operation: string, input: Record<string, unknown>): Promise<Record<string, unknown>>;
  /**
   * The name AWS gives a resource whose template names none: `{stack}-{logicalId}-{RANDOM}`, cut to
   * `maxLength` as AWS cuts it.
   */
  physicalName(maxLength?: number): string;
}

export interface Provisioned {
  /** What DescribeStackResources shows as PhysicalResourceId. */
  physicalId: string;
  /** What `Ref` returns, when it is not the physical id. */
  ref?: string;
  /** `Fn::GetAtt` values by attribute name. */
  attributes: Record<string, unknown>;
}

export interface ResourceType {
  /** e.g. `AWS::EC2::VPC`. */
  readonly type: string;
  create(properties: Record<string, unknown>, ctx: ResourceContext): Promise<Provisioned>;
  /**
   * Changes the resource in place; absent, or a change to a property in `replaceOn`, means the engine
   * replaces it (creates the new one, then deletes the old one).
   */
  update?(current: Provisioned, before: Record<string, unknown>, after: Record<string, unknown>, ctx: ResourceContext): Promise<Provisioned>;
  /** Properties whose change requires replacement (the AWS docs' "Update requires: Replacement"). */
  readonly replaceOn?: readonly string[];
  /** Removes it; a resource already gone is not an error (AWS skips it). */
  delete(current: Provisioned, properties: Record<string, unknown>, ctx: ResourceContext): Promise<void>;
}
