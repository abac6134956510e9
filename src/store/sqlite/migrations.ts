/**
 * Numbered schema migrations, applied in order inside one transaction each. Never edit a released
 * migration: add the next number. Which tables exist is declared once, in store.ts (TABLE_VERSIONS).
 */
import { tablesAddedIn } from '../store.js';

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

/** The document tables store.ts says a version added. */
const documentTables = (version: number): string => tablesAddedIn(version).map(documentTable).join('\n');

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'apigateway documents',
    sql: documentTables(1),
  },
  {
    version: 2,
    name: 'ec2 network documents',
    sql: documentTables(2),
  },
  {
    version: 3,
    name: 'lambda documents',
    sql: documentTables(3),
  },
  {
    version: 4,
    name: 'ec2 account attributes',
    sql: documentTables(4),
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
    sql: documentTables(6),
  },
  {
    version: 7,
    // Stacks by id (parent ''); events under their stack's id.
    name: 'cloudformation stacks',
    sql: documentTables(7),
  },
  {
    version: 8,
    // Layers by name (parent ''); their versions under the layer's name, by number.
    name: 'lambda layers',
    sql: documentTables(8),
  },
  {
    version: 9,
    // One document per repository (parent '', id = its name), its policies and tags inside it.
    name: 'ecr repositories',
    sql: documentTables(9),
  },
  {
    version: 10,
    // Buckets by name (parent ''; `locate` finds one in any account, as names are global); under the bucket's
    // name: its current objects by key, every version by key + NUL + a descending sequence, its multipart
    // uploads by id; parts under their upload's id, by zero-padded number. Listings read them in id order.
    name: 's3 buckets and objects',
    sql: documentTables(10),
  },
  {
    version: 11,
    // IAM is global: its roles, users, managed policies and instance profiles are kept under their account with
    // the fixed region us-east-1, by name (parent ''), inline policies and attachments inside their role or user.
    // Credentials Gatehouse issued (IAM access keys, STS sessions) by access key id, under the account they sign
    // for; `locate` finds one from its id alone.
    name: 'iam and issued credentials',
    sql: documentTables(11),
  },
  {
    version: 12,
    // A REST API's authorizers under the API's id, by authorizer id.
    name: 'api gateway authorizers',
    sql: documentTables(12),
  },
  {
    version: 13,
    // Cognito user pools by id (parent ''; `locate` finds one from its id alone: the JWKS route, a token's issuer);
    // app clients by id (parent '', found from the id alone by the unsigned InitiateAuth, SignUp ...); users and
    // resource servers under their pool's id, by username and identifier; refresh tokens by the SHA-256 of the
    // token (parent ''), never the token itself.
    name: 'cognito user pools',
    sql: documentTables(13),
  },
];
