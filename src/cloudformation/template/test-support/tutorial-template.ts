/**
 * The shape of the seed tutorial's starter template (issue 6): a VPC with DNS attributes, two subnets in
 * the region's first two zones, a security group admitting 443 from the VPC, the execute-api interface
 * endpoint with private DNS, a Node.js Lambda with inline code and its role, an instance from the Amazon
 * Linux 2023 SSM parameter, and the endpoint id in the Outputs.
 */
export const TUTORIAL_TEMPLATE = `
AWSTemplateFormatVersion: 2010-09-09
Description: Private API tutorial - VPC, execute-api VPC endpoint, Lambda function and EC2 instance

Parameters:
  LatestAmiId:
    Type: AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>
    Default: /aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64
  VpcCidr:
    Type: String
    Default: 10.0.0.0/16
    AllowedPattern: '(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})'
  InstanceType:
    Type: String
    Default: t3.micro
    AllowedValues: [t3.micro, t3.small]

Resources:
  VPC:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: !Ref VpcCidr
      EnableDnsSupport: true
      EnableDnsHostnames: true
      Tags:
        - Key: Name
          Value: private-api-tutorial

  SubnetA:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref VPC
      AvailabilityZone: !Select [0, !GetAZs '']
      CidrBlock: !Select [0, !Cidr [!GetAtt VPC.CidrBlock, 2, 8]]

  SubnetB:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref VPC
      AvailabilityZone: !Select [1, !GetAZs '']
      CidrBlock: !Select [1, !Cidr [!GetAtt VPC.CidrBlock, 2, 8]]

  EndpointSecurityGroup:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: Allow HTTPS from the VPC
      VpcId: !Ref VPC
      SecurityGroupIngress:
        - IpProtocol: tcp
          FromPort: 443
          ToPort: 443
          CidrIp: !GetAtt VPC.CidrBlock

  VPCEndpoint:
    Type: AWS::EC2::VPCEndpoint
    Properties:
      VpcId: !Ref VPC
      ServiceName: !Sub com.amazonaws.\${AWS::Region}.execute-api
      VpcEndpointType: Interface
      PrivateDnsEnabled: true
      SubnetIds: [!Ref SubnetA, !Ref SubnetB]
      SecurityGroupIds: [!Ref EndpointSecurityGroup]

  LambdaExecutionRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: {Service: lambda.amazonaws.com}
            Action: sts:AssumeRole
      ManagedPolicyArns:
        - !Sub arn:\${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole

  LambdaFunction:
    Type: AWS::Lambda::Function
    Properties:
      FunctionName: !Sub private-api-tutorial-\${AWS::StackName}
      Runtime: nodejs20.x
      Handler: index.handler
      Role: !GetAtt LambdaExecutionRole.Arn
      Code:
        ZipFile: |
          exports.handler = async () => ({
            statusCode: 200,
            body: 'Hello from Lambda!',
          });

  Instance:
    Type: AWS::EC2::Instance
    DependsOn: VPCEndpoint
    Properties:
      ImageId: !Ref LatestAmiId
      InstanceType: !Ref InstanceType
      SubnetId: !Ref SubnetA
      SecurityGroupIds: [!Ref EndpointSecurityGroup]
      UserData:
        Fn::Base64: !Sub |
          #!/bin/bash
          echo "region \${AWS::Region}, home \${!HOME}"
      Tags:
        - Key: Name
          Value: private-api-tutorial

Outputs:
  VPCEndpointId:
    Description: The ID of the execute-api VPC endpoint
    Value: !Ref VPCEndpoint
  InstanceId:
    Value: !Ref Instance
  LambdaFunctionName:
    Value: !Ref LambdaFunction
    Export:
      Name: !Sub \${AWS::StackName}-FunctionName
`;
