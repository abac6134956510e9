/**
 * IAM's errors with AWS's texts and statuses. "Verified": seen in AWS's answers as users quote them (issue
 * threads of aws-cli, terraform, aws-nuke, moto's fixes made against AWS). "Inferred": the exception's
 * documented description, or the verified form applied to another kind of entity.
 */
import { ServiceError } from '../../shared/errors.js';

/** Verified for roles ("The role with name X cannot be found.") and role policies; the same form for the others. */
export const noSuchEntity = (message: string): ServiceError => new ServiceError('NoSuchEntity', message, 404);
export const noSuchRole = (name: string): ServiceError => noSuchEntity(`The role with name ${name} cannot be found.`);
export const noSuchUser = (name: string): ServiceError => noSuchEntity(`The user with name ${name} cannot be found.`);
export const noSuchRolePolicy = (name: string): ServiceError => noSuchEntity(`The role policy with name ${name} cannot be found.`);
/** Inferred from the role policy's. */
export const noSuchUserPolicy = (name: string): ServiceError => noSuchEntity(`The user policy with name ${name} cannot be found.`);
/** Verified (GetPolicy, DetachRolePolicy of a policy that is not there). */
export const noSuchPolicy = (arn: string): ServiceError => noSuchEntity(`Policy ${arn} was not found.`);
/** Verified (AttachRolePolicy, AttachUserPolicy of an ARN that names no policy). */
export const notAttachable = (arn: string): ServiceError => noSuchEntity(`Policy ${arn} does not exist or is not attachable.`);
/** Inferred. */
export const noSuchPolicyVersion = (arn: string, version: string): ServiceError => noSuchEntity(`Policy ${arn} version ${version} does not exist or is not attachable.`);
/** Inferred. */
export const noSuchInstanceProfile = (name: string): ServiceError => noSuchEntity(`Instance Profile ${name} cannot be found.`);
/** Inferred. */
export const noSuchAccessKey = (id: string): ServiceError => noSuchEntity(`The Access Key with id ${id} cannot be found.`);

/** Verified for roles ("Role with name X already exists."). */
const alreadyExists = (message: string): ServiceError => new ServiceError('EntityAlreadyExists', message, 409);
export const roleExists = (name: string): ServiceError => alreadyExists(`Role with name ${name} already exists.`);
export const userExists = (name: string): ServiceError => alreadyExists(`User with name ${name} already exists.`);
/** Verified. */
export const policyExists = (name: string): ServiceError => alreadyExists(`A policy called ${name} already exists. Duplicate names are not allowed.`);
/** Inferred. */
export const instanceProfileExists = (name: string): ServiceError => alreadyExists(`Instance Profile ${name} already exists.`);

/** DeleteConflict is 409. Verified: the managed-policy, inline-policy and attached-policy texts. */
const deleteConflict = (message: string): ServiceError => new ServiceError('DeleteConflict', message, 409);
export const mustDetachPolicies = (): ServiceError => deleteConflict('Cannot delete entity, must detach all policies first.');
export const mustDeletePolicies = (): ServiceError => deleteConflict('Cannot delete entity, must delete policies first.');
export const policyAttached = (): ServiceError => deleteConflict('Cannot delete a policy attached to entities.');
/** Inferred (moto's texts, written against AWS). */
export const mustRemoveFromProfiles = (): ServiceError => deleteConflict('Cannot delete entity, must remove roles from instance profile first.');
export const mustDeleteAccessKeys = (): ServiceError => deleteConflict('Cannot delete entity, must delete access keys first.');
export const policyHasVersions = (): ServiceError =>
  deleteConflict("This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.");
export const defaultVersion = (): ServiceError => deleteConflict('Cannot delete the default version of a policy.');

/** LimitExceeded is 409. Inferred texts (IAM's quota names). */
const limitExceeded = (message: string): ServiceError => new ServiceError('LimitExceeded', message, 409);
export const tooManyAccessKeys = (): ServiceError => limitExceeded('Cannot exceed quota for AccessKeysPerUser: 2');
export const tooManyProfileRoles = (): ServiceError => limitExceeded('Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1');
export const tooManyVersions = (): ServiceError =>
  limitExceeded('A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.');
export const tooManyTags = (): ServiceError => limitExceeded('Cannot exceed quota for TagsPerRole: 50');

/** MalformedPolicyDocument is 400. Verified: "Has prohibited field Resource", "This policy contains invalid Json", "Syntax errors in policy." */
export const malformedPolicy = (message: string): ServiceError => new ServiceError('MalformedPolicyDocument', message, 400);

/** ValidationError is IAM's (a query service's) name for Coral's ValidationException; 400. */
export const validation = (message: string): ServiceError => new ServiceError('ValidationError', message, 400);
/** Verified (aws iam create-role --path bad). */
export const invalidPath = (): ServiceError =>
  validation('The specified value for path is invalid. It must begin and end with / and contain only alphanumeric characters and/or / characters.');
/** Inferred (the documented InvalidInput exception). */
export const invalidInput = (message: string): ServiceError => new ServiceError('InvalidInput', message, 400);

/**
 * EC2's RunInstances refusing an instance profile it cannot find (verified: the texts Terraform users quote,
 * "Invalid IAM Instance Profile name" / "ARN"); an EC2 error, kept here beside the lookup that raises it.
 */
export const invalidLaunchProfile = (by: 'arn' | 'name', value: string): ServiceError =>
  new ServiceError('InvalidParameterValue', `Value (${value}) for parameter iamInstanceProfile.${by} is invalid. Invalid IAM Instance Profile ${by === 'arn' ? 'ARN' : 'name'}`, 400);
