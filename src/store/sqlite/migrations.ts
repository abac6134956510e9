/**
 * Numbered schema migrations, applied in order inside one transaction each. Never edit a released
 * migration: add the next number.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const documentTable = (name: string): string => `
  CREATE TABLE ${name} (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    account TEXT NOT NULL,
    region TEXT NOT NULL,
    parent TEXT NOT NULL,
    id TEXT NOT NULL,
    doc TEXT NOT NULL,
    UNIQUE (account, region, parent, id)
  );`;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'apigateway documents',
    sql: ['rest_apis', 'api_resources', 'deployments', 'deployment_snapshots', 'stages'].map(documentTable).join('\n'),
  },
  {
    version: 2,
    name: 'ec2 network documents',
    sql: ['ec2_vpcs', 'ec2_subnets', 'ec2_security_groups', 'ec2_vpc_endpoints', 'ec2_instances'].map(documentTable).join('\n'),
  },
  {
    version: 3,
    name: 'lambda documents',
    sql: ['lambda_functions', 'lambda_versions', 'lambda_aliases'].map(documentTable).join('\n'),
  },
  {
    version: 4,
    name: 'ec2 account attributes',
    sql: documentTable('ec2_account_attributes'),
  },
  {
    version: 5,
    // The data plane finds an API by its id alone (any account): DocumentTable.locate.
    name: 'rest apis by id',
    sql: 'CREATE INDEX rest_apis_by_id ON rest_apis (parent, id);',
  },
  {
    version: 6,
    // One document per parameter (parent '', id = its name), its versions inside it.
    name: 'ssm parameters',
    sql: documentTable('ssm_parameters'),
  },
  {
    version: 7,
    // Stacks by id (parent ''); events under their stack's id.
    name: 'cloudformation stacks',
    sql: ['cfn_stacks', 'cfn_stack_events'].map(documentTable).join('\n'),
  },
];
