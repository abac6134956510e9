/**
 * The shape `cdk synth` gives an app with a private RestApi (EndpointType.PRIVATE, a resource policy from
 * a PolicyDocument, a LambdaIntegration) and an execute-api InterfaceVpcEndpoint in a new Vpc, trimmed to
 * one subnet per kind: logical ids with hashes, `Fn::Join` of ARNs, `AWS::CDK::Metadata` under the
 * `CDKMetadataAvailable` condition (an Fn::Or of Fn::Or of Fn::Equals on AWS::Region), and the
 * `BootstrapVersion` SSM parameter checked by the `CheckBootstrapVersion` rule.
 */

const regionEquals = (regions: readonly string[]): unknown[] => regions.map((r) => ({ 'Fn::Equals': [{ Ref: 'AWS::Region' }, r] }));

/** The regions CDK lists, in its chunks of at most ten (Fn::Or takes 2 to 10 conditions). */
const CDK_METADATA_REGIONS = [
  ['af-south-1', 'ap-east-1', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-south-1', 'ap-south-2', 'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3'],
  ['ap-southeast-4', 'ca-central-1', 'ca-west-1', 'cn-north-1', 'cn-northwest-1', 'eu-central-1', 'eu-central-2', 'eu-north-1', 'eu-south-1', 'eu-south-2'],
  ['eu-west-1', 'eu-west-2', 'eu-west-3', 'il-central-1', 'me-central-1', 'me-south-1', 'sa-east-1', 'us-east-1', 'us-east-2', 'us-west-1'],
  ['us-west-2'],
] as const;

const partitionArn = (...parts: unknown[]): unknown => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ...parts]] });

export const CDK_TEMPLATE = {
  Resources: {
    Vpc8378EB38: {
      Type: 'AWS::EC2::VPC',
      Properties: {
        CidrBlock: '10.0.0.0/16',
        EnableDnsHostnames: true,
        EnableDnsSupport: true,
        InstanceTenancy: 'default',
        Tags: [{ Key: 'Name', Value: 'PrivateApiStack/Vpc' }],
      },
      Metadata: { 'aws:cdk:path': 'PrivateApiStack/Vpc/Resource' },
    },
    VpcPrivateSubnet1Subnet536B997A: {
      Type: 'AWS::EC2::Subnet',
      Properties: {
        AvailabilityZone: { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] },
        CidrBlock: '10.0.128.0/18',
        MapPublicIpOnLaunch: false,
        VpcId: { Ref: 'Vpc8378EB38' },
      },
    },
    VpcPrivateSubnet1RouteTableB2C5B500: { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: { Ref: 'Vpc8378EB38' } } },
    VpcPrivateSubnet1RouteTableAssociation70C59FA6: {
      Type: 'AWS::EC2::SubnetRouteTableAssociation',
      Properties: { RouteTableId: { Ref: 'VpcPrivateSubnet1RouteTableB2C5B500' }, SubnetId: { Ref: 'VpcPrivateSubnet1Subnet536B997A' } },
    },
    EndpointSecurityGroup2A5F1C4B: {
      Type: 'AWS::EC2::SecurityGroup',
      Properties: {
        GroupDescription: 'PrivateApiStack/Endpoint/SecurityGroup',
        SecurityGroupEgress: [{ CidrIp: '0.0.0.0/0', Description: 'Allow all outbound traffic by default', IpProtocol: '-1' }],
        SecurityGroupIngress: [
          {
            CidrIp: { 'Fn::GetAtt': ['Vpc8378EB38', 'CidrBlock'] },
            Description: { 'Fn::Join': ['', ['from ', { 'Fn::GetAtt': ['Vpc8378EB38', 'CidrBlock'] }, ':443']] },
            FromPort: 443,
            IpProtocol: 'tcp',
            ToPort: 443,
          },
        ],
        VpcId: { Ref: 'Vpc8378EB38' },
      },
    },
    Endpoint8024A810: {
      Type: 'AWS::EC2::VPCEndpoint',
      Properties: {
        PrivateDnsEnabled: true,
        SecurityGroupIds: [{ 'Fn::GetAtt': ['EndpointSecurityGroup2A5F1C4B', 'GroupId'] }],
        ServiceName: { 'Fn::Join': ['', ['com.amazonaws.', { Ref: 'AWS::Region' }, '.execute-api']] },
        SubnetIds: [{ Ref: 'VpcPrivateSubnet1Subnet536B997A' }],
        VpcEndpointType: 'Interface',
        VpcId: { Ref: 'Vpc8378EB38' },
      },
    },
    HandlerServiceRoleFCDC14AE: {
      Type: 'AWS::IAM::Role',
      Properties: {
        AssumeRolePolicyDocument: {
          Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' } }],
          Version: '2012-10-17',
        },
        ManagedPolicyArns: [partitionArn(':iam::aws:policy/service-role/AWSLambdaBasicExecutionRole')],
      },
    },
    Handler886CB40B: {
      Type: 'AWS::Lambda::Function',
      Properties: {
        Code: { ZipFile: "exports.handler = async () => ({ statusCode: 200, body: 'Hello from Lambda!' });" },
        Handler: 'index.handler',
        Role: { 'Fn::GetAtt': ['HandlerServiceRoleFCDC14AE', 'Arn'] },
        Runtime: 'nodejs20.x',
      },
      DependsOn: ['HandlerServiceRoleFCDC14AE'],
    },
    PrivateApiC8A32D35: {
      Type: 'AWS::ApiGateway::RestApi',
      Properties: {
        EndpointConfiguration: { Types: ['PRIVATE'] },
        Name: 'PrivateApi',
        Policy: {
          Statement: [
            {
              Action: 'execute-api:Invoke',
              Condition: { StringNotEquals: { 'aws:sourceVpce': { Ref: 'Endpoint8024A810' } } },
              Effect: 'Deny',
              Principal: { AWS: '*' },
              Resource: 'execute-api:/*',
            },
            { Action: 'execute-api:Invoke', Effect: 'Allow', Principal: { AWS: '*' }, Resource: 'execute-api:/*' },
          ],
          Version: '2012-10-17',
        },
      },
    },
    PrivateApiGETE2B3A3B9: {
      Type: 'AWS::ApiGateway::Method',
      Properties: {
        AuthorizationType: 'NONE',
        HttpMethod: 'GET',
        Integration: {
          IntegrationHttpMethod: 'POST',
          Type: 'AWS_PROXY',
          Uri: {
            'Fn::Join': ['', [
              'arn:', { Ref: 'AWS::Partition' }, ':apigateway:', { Ref: 'AWS::Region' }, ':lambda:path/2015-03-31/functions/',
              { 'Fn::GetAtt': ['Handler886CB40B', 'Arn'] }, '/invocations',
            ]],
          },
        },
        ResourceId: { 'Fn::GetAtt': ['PrivateApiC8A32D35', 'RootResourceId'] },
        RestApiId: { Ref: 'PrivateApiC8A32D35' },
      },
    },
    PrivateApiGETApiPermissionTest9D1F2E63: {
      Type: 'AWS::Lambda::Permission',
      Properties: {
        Action: 'lambda:InvokeFunction',
        FunctionName: { 'Fn::GetAtt': ['Handler886CB40B', 'Arn'] },
        Principal: 'apigateway.amazonaws.com',
        SourceArn: partitionArn(':execute-api:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':', { Ref: 'PrivateApiC8A32D35' }, '/test-invoke-stage/GET/'),
      },
    },
    PrivateApiDeployment7E1A3B5Cf5d8a9b2c3e4: {
      Type: 'AWS::ApiGateway::Deployment',
      Properties: { Description: 'Automatically created by the RestApi construct', RestApiId: { Ref: 'PrivateApiC8A32D35' } },
      DependsOn: ['PrivateApiGETE2B3A3B9'],
    },
    PrivateApiDeploymentStageprod4F5A1D2E: {
      Type: 'AWS::ApiGateway::Stage',
      Properties: {
        DeploymentId: { Ref: 'PrivateApiDeployment7E1A3B5Cf5d8a9b2c3e4' },
        RestApiId: { Ref: 'PrivateApiC8A32D35' },
        StageName: 'prod',
      },
    },
    CDKMetadata: {
      Type: 'AWS::CDK::Metadata',
      Properties: { Analytics: 'v2:deflate64:H4sIAAAAAAAA/zPSMzQ21TNQTCwv1k1OydbNyUzSqw4uSUzO1nFOy1OoBQIAPAe/NSQAAAA=' },
      Metadata: { 'aws:cdk:path': 'PrivateApiStack/CDKMetadata/Default' },
      Condition: 'CDKMetadataAvailable',
    },
  },
  Outputs: {
    PrivateApiEndpoint5E3B1C2A: {
      Value: {
        'Fn::Join': ['', [
          'https://', { Ref: 'PrivateApiC8A32D35' }, '.execute-api.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }, '/',
          { Ref: 'PrivateApiDeploymentStageprod4F5A1D2E' }, '/',
        ]],
      },
    },
    EndpointId: { Value: { Ref: 'Endpoint8024A810' } },
  },
  Conditions: {
    CDKMetadataAvailable: { 'Fn::Or': CDK_METADATA_REGIONS.map((chunk) => (chunk.length === 1 ? regionEquals(chunk)[0] : { 'Fn::Or': regionEquals(chunk) })) },
  },
  Parameters: {
    BootstrapVersion: {
      Type: 'AWS::SSM::Parameter::Value<String>',
      Default: '/cdk-bootstrap/hnb659fds/version',
      Description: 'Version of the CDK Bootstrap resources in this environment, automatically retrieved from SSM Parameter Store. [cdk:skip]',
    },
  },
  Rules: {
    CheckBootstrapVersion: {
      Assertions: [
        {
          Assert: { 'Fn::Not': [{ 'Fn::Contains': [['1', '2', '3', '4', '5'], { Ref: 'BootstrapVersion' }] }] },
          AssertDescription: "CDK bootstrap stack version 6 required. Please run 'cdk bootstrap' with a recent version of the CDK CLI.",
        },
      ],
    },
  },
};
