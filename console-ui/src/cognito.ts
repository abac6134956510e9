/** Cognito user pools for the User pools page: ListUserPools (every page) over the AWS JSON protocol. */
import { awsJson } from './aws';

export interface UserPoolSummary {
  Id: string;
  Name: string;
  /** Epoch seconds, as the JSON protocol carries timestamps. */
  CreationDate: number;
  LastModifiedDate: number;
}

const TARGET = 'AWSCognitoIdentityProviderService';

export async function listUserPools(): Promise<UserPoolSummary[]> {
  const all: UserPoolSummary[] = [];
  let NextToken: string | undefined;
  do {
    const page: { UserPools?: UserPoolSummary[]; NextToken?: string } = await awsJson('cognito-idp', `${TARGET}.ListUserPools`, NextToken ? { MaxResults: 60, NextToken } : { MaxResults: 60 });
    all.push(...(page.UserPools ?? []));
    NextToken = page.NextToken;
  } while (NextToken);
  return all;
}
