/**
 * Every text the template engine answers with, in one place so tests and reviewers can hold them against
 * AWS. Each carries where it comes from:
 *   "seen"     the exact text appears in output from real CloudFormation quoted in a public issue or page (URL);
 *   "inferred" shaped after a seen sibling or after Eucalyptus's CloudFormation clone; no AWS output found.
 */

const list = (names: readonly string[]): string => `[${names.join(', ')}]`;

// ---- Parsing ---------------------------------------------------------------------------------------------

/** seen: github.com/awslabs/amazon-eks-ami/issues/621 ("YAML not well-formed. (line 91, column 65)"). */
export const yamlNotWellFormed = (line: number, column: number): string =>
  `Template format error: YAML not well-formed. (line ${line}, column ${column})`;

/** inferred from the YAML text; AWS's knowledge-center page names "JSON not well-formed" errors. */
export const jsonNotWellFormed = (line: number, column: number): string =>
  `Template format error: JSON not well-formed. (line ${line}, column ${column})`;

/** seen: github.com/keaeriksson/hugo-s3-cloudfront/issues/1 (a body that is not a template at all). */
export const unsupportedStructure = (): string => 'Template format error: unsupported structure.';

/** seen (text after the prefix): AWS knowledge center, "cloudformation-template-validation". */
export const invalidTemplateProperties = (names: readonly string[]): string =>
  `Template format error: Invalid template property or properties ${list(names)}`;

/** inferred (Eucalyptus). */
export const unsupportedTemplateVersion = (): string =>
  'Template format error: unsupported value for AWSTemplateFormatVersion.';

/** seen: github.com/mludvig/aws-ethereum-miner/issues/7. */
export const noResources = (): string => 'Template format error: At least one Resources member must be defined.';

/** seen for Resources: github.com/serverless/serverless/pull/1443; the other sections inferred from it. */
export const memberNotObject = (section: string): string => `Template format error: Every ${section} member must be an object.`;

/** inferred from the seen Parameters sibling (github.com/bridgecrewio/checkov/issues/2965). */
export const resourceWithoutType = (): string => 'Template format error: Every Resources object must contain a Type member.';

/**
 * seen for resources: github.com/aws-cloudformation/cfn-lint/pull/160 ("Resource name SNS_TOPIC is non
 * alphanumeric."); the Parameter and Output kinds inferred from it.
 */
export const nonAlphanumericName = (kind: 'Resource' | 'Parameter' | 'Output', name: string): string =>
  `Template format error: ${kind} name ${name} is non alphanumeric.`;

/** seen: github.com/Sceptre/sceptre/issues/677 ("Unrecognized resource types: [AWS.yaml::EC2.yaml::InternetGateway]"). */
export const unrecognizedResourceTypes = (types: readonly string[]): string =>
  `Template format error: Unrecognized resource types: ${list(types)}`;

/** seen: github.com/cloudtools/troposphere/pull/140 ("Invalid template resource property 'OptionSettings'"). */
export const invalidResourceProperty = (name: string): string => `Invalid template resource property '${name}'`;

/** seen: carriagereturn.nl, "conditional-dependency" (2020). */
export const dependsOnNotStrings = (): string => 'Template format error: DependsOn must be a string or list of strings.';

/** seen: AWS knowledge center, "cloudformation-template-validation". */
export const conditionNotString = (): string => 'Template format error: Every Condition member must be a string.';

/** seen: github.com/aws-cloudformation/cfn-lint/issues/92 ("Condition ListenForHttps is not defined."). */
export const conditionNotDefined = (name: string): string => `Template format error: Condition ${name} is not defined.`;

/** inferred (Eucalyptus). */
export const unrecognizedDeletionPolicy = (policy: string, resource: string): string =>
  `Template format error: Unrecognized DeletionPolicy ${policy} for resource ${resource}`;

/** inferred, after the DeletionPolicy text. */
export const unrecognizedUpdateReplacePolicy = (policy: string, resource: string): string =>
  `Template format error: Unrecognized UpdateReplacePolicy ${policy} for resource ${resource}`;

/** seen: github.com/aws-samples/aws-iot-chat-example/issues/1. */
export const outputWithoutValue = (): string => 'Template format error: Every Outputs member must contain a Value object';

/** seen: github.com/aws-cloudformation/cfn-lint/issues/3013 (an Output whose value is a boolean). */
export const outputValueNotString = (): string => 'Template format error: Every Value member must be a string.';

/** seen: github.com/aws-cloudformation/cfn-lint/issues/1632 (two spaces after "malformed." as AWS sends it). */
export const exportNameDependsOnResources = (output: string): string =>
  `Template format error: Output ${output} is malformed.  The Name field of Export must not depend on any resources, imported values, or Fn::GetAZs.`;

/** inferred, after the Export text above. */
export const exportWithoutName = (output: string): string =>
  `Template format error: Output ${output} is malformed.  The Name field of every Export member must be specified and consist only of alphanumeric characters, colons, or hyphens.`;

/** inferred. */
export const duplicateExportNames = (names: readonly string[]): string =>
  `Template error: duplicate Export names ${list(names)}`;

/** seen: github.com/aws/aws-cdk/issues/19278 ("Mappings attribute name 'ca-central-1' must contain only alphanumeric characters."). */
export const mappingAttributeName = (name: string): string =>
  `Template format error: Mappings attribute name '${name}' must contain only alphanumeric characters.`;

/** inferred (Eucalyptus). */
export const mappingNotMap = (name: string): string => `Template format error: Every Mappings member ${name} must be a map`;

/** inferred (Eucalyptus). */
export const mappingValueType = (): string => 'Template format error: Every Mappings attribute must be a String or a List.';

/** inferred, after the Outputs text. */
export const ruleWithoutAssertions = (): string => 'Template format error: Every Rules member must contain an Assertions member';

/** inferred (Eucalyptus). */
export const duplicateLogicalNames = (names: readonly string[]): string =>
  `Template error: all resources and parameters must have unique names. Common name(s):${list(names)}`;

// ---- Parameters ------------------------------------------------------------------------------------------

/** seen: github.com/bridgecrewio/checkov/issues/2965. */
export const parameterWithoutType = (): string => 'Template format error: Every Parameters object must contain a Type member.';

/** seen (text after the prefix): AWS knowledge center, "cloudformation-template-validation". */
export const unrecognizedParameterType = (type: string): string => `Template format error: Unrecognized parameter type: ${type}`;

/** seen (text after the prefix): AWS knowledge center, "cloudformation-template-validation". */
export const invalidParameterProperty = (name: string): string =>
  `Template format error: Invalid template parameter property '${name}'`;

/** seen: github.com/aws-cloudformation/cfn-lint/issues/1295. */
export const allowedValuesNotList = (): string => 'Template format error: Every AllowedValues member must be a list.';

/** inferred. */
export const defaultNotString = (): string => 'Template format error: Every Default member must be a string.';

/** seen: github.com/boto/botocore/issues/2598 ("Parameters: [EnvironmentName] must have values"). */
export const parametersMustHaveValues = (names: readonly string[]): string => `Parameters: ${list(names)} must have values`;

/** seen: github.com/aws-samples/amazon-ec2-image-builder-samples/issues/18. */
export const parametersDoNotExist = (names: readonly string[]): string => `Parameters: ${list(names)} do not exist in the template`;

/** seen: github.com/aws/aws-toolkit-azure-devops/issues/75. */
export const parametersNotRequired = (): string => 'Parameter values specified for a template which does not require them.';

/** seen: github.com/aws-amplify/amplify-cli/issues/6224. */
export const notInAllowedValues = (name: string): string => `Parameter '${name}' must be one of AllowedValues`;

/** seen: github.com/aws/aws-connected-device-framework/issues/183. */
export const doesNotMatchPattern = (name: string, pattern: string): string => `Parameter '${name}' must match pattern ${pattern}`;

/** seen: github.com/aws-cloudformation/cloudformation-coverage-roadmap/issues/930. */
export const tooShort = (name: string, min: number): string => `Parameter '${name}' must contain at least ${min} characters`;

/** inferred, after the MinLength text. */
export const tooLong = (name: string, max: number): string => `Parameter '${name}' must contain at most ${max} characters`;

/** inferred (Eucalyptus). */
export const notANumber = (name: string): string => `Parameter '${name}' must be a number`;

/** seen: ROSA CLI test notes (CreateStack: "Parameter 'AvailabilityZoneCount' must be a number not less than 1"). */
export const tooSmall = (name: string, min: number): string => `Parameter '${name}' must be a number not less than ${min}`;

/** inferred, after the MinValue text. */
export const tooLarge = (name: string, max: number): string => `Parameter '${name}' must be a number not greater than ${max}`;

/** seen: github.com/awslabs/amazon-kinesis-data-generator/issues/1 (no quotes around the name). */
export const failedConstraint = (name: string, description: string): string =>
  `Parameter ${name} failed to satisfy constraint: ${description}`;

/** seen: github.com/aws/amazon-ecs-cli/issues/236 (an AWS-specific type whose value does not exist). */
export const parameterValueDoesNotExist = (value: string, name: string): string =>
  `Parameter validation failed: parameter value ${value} for parameter name ${name} does not exist.`;

/** seen: github.com/aws-ia/taskcat/issues/680, github.com/aws-samples/aws-cross-account-cicd-pipeline/issues/40. */
export const ssmParametersNotFound = (names: readonly string[]): string =>
  `Unable to fetch parameters ${list(names)} from parameter store for this account.`;

/** seen: github.com/aws/aws-cdk/issues/15135. */
export const ssmParameterTypesUnsupported = (names: readonly string[]): string =>
  `Parameters ${list(names)} referenced by template have types not supported by CloudFormation.`;

/** inferred. */
export const noPreviousValue = (name: string): string =>
  `Invalid input for parameter key ${name}. Cannot specify usePreviousValue as true for a parameter key not in the previous template`;

/** inferred. */
export const valueAndPreviousValue = (name: string): string =>
  `Invalid input for parameter key ${name}. Cannot specify usePreviousValue as true and non empty value for a parameter`;

// ---- References and the dependency graph -----------------------------------------------------------------

/** seen: github.com/cloudnative/lambda-chat/pull/25; the Outputs variant inferred from it. */
export const unresolvedResourceDependencies = (names: readonly string[], block: string): string =>
  `Template format error: Unresolved resource dependencies ${list(names)} in the ${block} block of the template`;

/** seen: github.com/aws-samples/aws-refarch-moodle/pull/64. */
export const resourceInConditions = (names: readonly string[]): string =>
  `Template format error: Unresolved dependencies ${list(names)}. Cannot reference resources in the Conditions block of the template`;

/** inferred (Eucalyptus). */
export const unresolvedConditionDependencies = (names: readonly string[]): string =>
  `Template format error: Unresolved condition dependencies ${list(names)} in the Conditions block of the template`;

/** inferred (Eucalyptus). */
export const circularConditions = (names: readonly string[]): string =>
  `Template error: Found circular condition dependency: ${list(names)}`;

/** seen: cloudwithgagan.com, "fix-cloudformation-circular-dependency-errors"; oneuptime.com (2026). */
export const circularResources = (names: readonly string[]): string => `Circular dependency between resources: ${list(names)}`;

/** seen: github.com/aws-samples/cookiecutter-aws-sam-dotnet/issues/1. */
export const getAttUndefinedResource = (name: string): string =>
  `Template error: instance of Fn::GetAtt references undefined resource ${name}`;

/** seen: github.com/sid88in/serverless-appsync-plugin/issues/209. */
export const subInvalidAttribute = (variable: string): string =>
  `Template error: instance of Fn::Sub references invalid resource attribute ${variable}`;

/** inferred (Eucalyptus; the shape AWS uses when a resource type has no such attribute). */
export const unsupportedAttribute = (resource: string, attribute: string): string =>
  `Template error: resource ${resource} does not support attribute type ${attribute} in Fn::GetAtt`;

// ---- Intrinsic functions ---------------------------------------------------------------------------------

/** seen: github.com/aws/aws-cli/pull/2746 (capital E in "Error", as AWS sent it). */
export const unsupportedFunction = (name: string, supported: readonly string[]): string =>
  `Template Error: Encountered unsupported function: ${name} Supported functions are: ${list(supported)}`;

/** seen: github.com/caktus/aws-web-stacks/pull/100. */
export const refNotString = (): string => 'Template error: every Ref object must have a single String value.';

/** seen: github.com/ittus/aws-lambda-vpc-nat-examples/issues/28. */
export const getAttShape = (): string =>
  'Template error: every Fn::GetAtt object requires two non-empty parameters, the resource name and the resource attribute';

/** seen: github.com/bazaarvoice/cloudformation-ruby-dsl/issues/131. */
export const joinShape = (): string =>
  'Template error: every Fn::Join object requires two parameters, (1) a string delimiter and (2) a list of strings to be joined or a function that returns a list of strings (such as Fn::GetAZs) to be joined.';

/** inferred, after the Fn::Join text. */
export const splitShape = (): string =>
  'Template error: every Fn::Split object requires two parameters, (1) a string delimiter and (2) a string to be split or a function that returns a string to be split.';

/** inferred. */
export const selectShape = (): string =>
  'Template error: Fn::Select requires a list argument with two elements: an integer index and a list';

/** seen: github.com/aws-samples/1click-hpc/issues/1. */
export const selectOutOfRange = (index: number): string => `Template error: Fn::Select cannot select nonexistent value at index ${index}`;

/** seen: github.com/aws/aws-cdk/issues/27987. */
export const findInMapShape = (): string =>
  'Template error: every Fn::FindInMap object requires three parameters, the map name, map key and the attribute for return value';

/** seen: github.com/amiracle/grand_central/issues/16. */
export const mappingNotFound = (map: string, key: string, attribute: string): string =>
  `Template error: Unable to get mapping for ${map}::${key}::${attribute}`;

/** inferred. */
export const mappingNotPresent = (map: string): string =>
  `Template error: Mapping named '${map}' is not present in the 'Mappings' section of template.`;

/** seen: github.com/aws-cloudformation/cfn-lint/issues/316. */
export const ifConditionName = (): string => 'Template error: Fn::If requires a list argument with the first element being a condition';

/** seen (title of a Q&A page, taourl.com/read-2360106.html). */
export const ifShape = (): string => 'Template error: Fn::If requires a list argument with three elements';

/** inferred. */
export const ifUnresolvedCondition = (name: string): string => `Template error: unresolved condition dependency ${name} in Fn::If`;

/** inferred. */
export const equalsShape = (): string => 'Template error: every Fn::Equals object requires a list of 2 string parameters.';

/** inferred, after Fn::Equals. */
export const logicalShape = (fn: string): string =>
  `Template error: every ${fn} object requires a list of at least 2 and at most 10 boolean parameters.`;

/** inferred, after Fn::Equals. */
export const notShape = (): string => 'Template error: every Fn::Not object requires a list of 1 boolean parameter.';

/** inferred. */
export const conditionFunctionShape = (): string => 'Template error: every Condition object must have a single String value.';

/** inferred. */
export const notBoolean = (fn: string): string => `Template error: ${fn} requires boolean operands`;

/** seen: github.com/aws-cloudformation/cfn-lint/pull/1430. */
export const subVariableName = (): string =>
  'Template error: variable names in Fn::Sub syntax must contain only alphanumeric characters, underscores, periods, and colons';

/** inferred. */
export const subShape = (): string =>
  'Template error: One or more Fn::Sub intrinsic functions don\'t specify expected arguments. Specify a string as first argument, and an optional second argument to specify a mapping of values to replace in the string';

/** inferred. */
export const subVariableNotString = (name: string): string =>
  `Template error: variable ${name} in Fn::Sub expression does not resolve to a string`;

/** inferred. */
export const base64Shape = (): string => 'Template error: every Fn::Base64 object must have a single String value.';

/** inferred. */
export const getAzsShape = (): string => 'Template error: every Fn::GetAZs object must have a single String value.';

/** inferred. */
export const importValueShape = (): string => 'Template error: every Fn::ImportValue object must have a single String value.';

/** seen: github.com/aws-cloudformation/aws-cloudformation-templates/issues/263. */
export const noExport = (name: string): string => `No export named ${name} found`;

/** inferred. */
export const cidrShape = (): string =>
  'Template error: every Fn::Cidr object requires three parameters, (1) an IP block, (2) a count and (3) the number of subnet bits';

/** seen: github.com/eksctl-io/eksctl/pull/4904 ("invalid CIDR block size 23"). */
export const cidrBlockSize = (bits: number): string => `Template error: invalid CIDR block size ${bits}`;

/** inferred. */
export const cidrInvalidBlock = (block: string): string => `Template error: invalid CIDR block ${block}`;

/** inferred. */
export const cidrCount = (count: number): string => `Template error: invalid number of subnets ${count} in Fn::Cidr`;

/** inferred. */
export const lengthShape = (): string => 'Template error: Fn::Length requires a list argument';

/** inferred. */
export const notAString = (fn: string): string => `Template error: ${fn} requires string arguments`;

/** inferred. */
export const notAList = (fn: string): string => `Template error: ${fn} requires a list argument`;

// ---- Dynamic references, rules, capabilities --------------------------------------------------------------

/** seen: github.com/aws-samples/data-mesh-datazone-cdk-cloudformation/issues/19 ("Parameters: [ssm:/x/y] cannot be found."). */
export const dynamicReferenceNotFound = (reference: string): string => `Parameters: [${reference}] cannot be found.`;

/** Gatehouse's own text: no AWS equivalent, AWS supports these. */
export const dynamicReferenceUnsupported = (service: string): string =>
  `Gatehouse does not support {{resolve:${service}:...}} dynamic references yet; use {{resolve:ssm:...}} or a parameter.`;

/** inferred. */
export const dynamicReferenceMalformed = (text: string): string => `Template format error: Invalid dynamic reference ${text}`;

/** inferred (AWS answers with the AssertDescription; this is for an assertion without one). */
export const ruleAssertionFailed = (rule: string): string => `Template error: Rule ${rule} assertion failed`;

/** seen: github.com/envato/stack_master/issues/138 (space before the colon, as AWS sends it). */
export const requiresCapabilities = (capabilities: readonly string[]): string => `Requires capabilities : ${list(capabilities)}`;

/** seen: github.com/aws/aws-cli/issues/4838. */
export const capabilitiesReason = (types: readonly string[]): string => `The following resource(s) require capabilities: ${list(types)}`;

/** Gatehouse's own text: transforms (SAM, macros) are not run. */
export const transformUnsupported = (names: readonly string[]): string =>
  `Gatehouse does not run template transforms yet: ${list(names)}`;
