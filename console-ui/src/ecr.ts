/** ECR for the Repositories page: DescribeRepositories (every page) over the AWS JSON protocol. */
import { awsJson } from './aws';

export interface Repository {
  repositoryName: string;
  repositoryUri: string;
  repositoryArn: string;
  /** Epoch seconds, as the JSON protocol carries timestamps. */
  createdAt: number;
  imageTagMutability: string;
  imageScanningConfiguration?: { scanOnPush?: boolean };
  encryptionConfiguration?: { encryptionType: string; kmsKey?: string };
}

const TARGET = 'AmazonEC2ContainerRegistry_V20150921';

export async function describeRepositories(): Promise<Repository[]> {
  const all: Repository[] = [];
  let nextToken: string | undefined;
  do {
    const page: { repositories?: Repository[]; nextToken?: string } = await awsJson('ecr', `${TARGET}.DescribeRepositories`, nextToken ? { nextToken } : {});
    all.push(...(page.repositories ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return all;
}
