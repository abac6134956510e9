/**
 * The scope's EC2 account attributes, and DescribeAccountAttributes: what tools ask EC2 first (Terraform's AWS
 * provider does on start-up) — that the account is VPC-only, which VPC is its default one, and its main
 * limits, with AWS's default values. The default VPC's id is kept in a table of its own so that it outlives
 * the VPC: once the user deletes it, AWS reports `none`.
 */
import type { AccountAttributes } from '../../domain/ec2.js';
import type { DocumentTable } from '../../store/store.js';
import type { OperationContext } from '../types.js';
import { invalidParameterValue } from './errors.js';

const ATTRIBUTES_ID = 'account';

function attributesTable(ctx: OperationContext): DocumentTable<AccountAttributes> {
  return ctx.store.table<AccountAttributes>('ec2_account_attributes');
}

/** Undefined until the scope's first EC2 call has created its default VPC. */
export function accountAttributes(ctx: OperationContext): AccountAttributes | undefined {
  return attributesTable(ctx).get(ctx.scope, '', ATTRIBUTES_ID);
}

export function saveAccountAttributes(ctx: OperationContext, attributes: AccountAttributes): void {
  const table = attributesTable(ctx);
  if (table.has(ctx.scope, '', ATTRIBUTES_ID)) table.update(ctx.scope, '', ATTRIBUTES_ID, attributes);
  else table.insert(ctx.scope, '', ATTRIBUTES_ID, attributes);
}

function attributeValues(ctx: OperationContext): Record<string, string[]> {
  return {
    'supported-platforms': ['VPC'],
    'default-vpc': [accountAttributes(ctx)?.DefaultVpcId ?? 'none'],
    'max-instances': ['20'],
    'vpc-max-security-groups-per-interface': ['5'],
    'max-elastic-ips': ['5'],
    'vpc-max-elastic-ips': ['5'],
  };
}

export function describeAccountAttributes(input: { AttributeNames?: string[] }, ctx: OperationContext) {
  const values = attributeValues(ctx);
  const names = input.AttributeNames && input.AttributeNames.length > 0 ? input.AttributeNames : Object.keys(values);
  return {
    AccountAttributes: names.map((name) => {
      const v = values[name];
      if (!v) throw invalidParameterValue(`Value (${name}) for parameter attributeName is invalid. Unknown attribute.`);
      return { AttributeName: name, AttributeValues: v.map((AttributeValue) => ({ AttributeValue })) };
    }),
  };
}
