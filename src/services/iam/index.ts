/**
 * AWS Identity and Access Management (iam 2010-05-08, the query protocol): roles with trust policies, users
 * and their access keys, inline and managed policies, instance profiles. IAM is global: an account's IAM
 * entities are kept under the fixed region us-east-1 and every region sees them (names.ts).
 */
import type { Operations } from '../../wire/models/iam-2010-05-08.js';
import type { AnyServiceDefinition, ServiceDefinition } from '../types.js';
import { createAccessKey, deleteAccessKey, listAccessKeys, updateAccessKey } from './access-keys.js';
import { deleteRolePolicy, deleteUserPolicy, getRolePolicy, getUserPolicy, listRolePolicies, listUserPolicies, putRolePolicy, putUserPolicy } from './inline-policies.js';
import {
  addRoleToInstanceProfile,
  createInstanceProfile,
  deleteInstanceProfile,
  getInstanceProfile,
  listInstanceProfiles,
  listInstanceProfilesForRole,
  removeRoleFromInstanceProfile,
} from './instance-profiles.js';
import {
  attachRolePolicy,
  attachUserPolicy,
  createPolicy,
  createPolicyVersion,
  deletePolicy,
  deletePolicyVersion,
  detachRolePolicy,
  detachUserPolicy,
  getPolicy,
  getPolicyVersion,
  listAttachedRolePolicies,
  listAttachedUserPolicies,
  listPolicies,
  listPolicyVersions,
  setDefaultPolicyVersion,
} from './managed-policies.js';
import { createRole, deleteRole, getRole, listRoles, listRoleTags, tagRole, untagRole, updateAssumeRolePolicy, updateRole, updateRoleDescription } from './roles.js';
import { createUser, deleteUser, getUser, listUsers, listUserTags, tagUser, untagUser } from './users.js';

const definition: ServiceDefinition<Operations> = {
  signingName: 'iam',
  modelFile: 'iam-2010-05-08',
  operations: {
    CreateRole: createRole,
    GetRole: getRole,
    ListRoles: listRoles,
    UpdateRole: updateRole,
    UpdateRoleDescription: updateRoleDescription,
    UpdateAssumeRolePolicy: updateAssumeRolePolicy,
    DeleteRole: deleteRole,
    TagRole: tagRole,
    UntagRole: untagRole,
    ListRoleTags: listRoleTags,
    PutRolePolicy: putRolePolicy,
    GetRolePolicy: getRolePolicy,
    DeleteRolePolicy: deleteRolePolicy,
    ListRolePolicies: listRolePolicies,
    PutUserPolicy: putUserPolicy,
    GetUserPolicy: getUserPolicy,
    DeleteUserPolicy: deleteUserPolicy,
    ListUserPolicies: listUserPolicies,
    CreatePolicy: createPolicy,
    GetPolicy: getPolicy,
    ListPolicies: listPolicies,
    DeletePolicy: deletePolicy,
    CreatePolicyVersion: createPolicyVersion,
    GetPolicyVersion: getPolicyVersion,
    ListPolicyVersions: listPolicyVersions,
    DeletePolicyVersion: deletePolicyVersion,
    SetDefaultPolicyVersion: setDefaultPolicyVersion,
    AttachRolePolicy: attachRolePolicy,
    DetachRolePolicy: detachRolePolicy,
    ListAttachedRolePolicies: listAttachedRolePolicies,
    AttachUserPolicy: attachUserPolicy,
    DetachUserPolicy: detachUserPolicy,
    ListAttachedUserPolicies: listAttachedUserPolicies,
    CreateUser: createUser,
    GetUser: getUser,
    ListUsers: listUsers,
    DeleteUser: deleteUser,
    TagUser: tagUser,
    UntagUser: untagUser,
    ListUserTags: listUserTags,
    CreateAccessKey: createAccessKey,
    ListAccessKeys: listAccessKeys,
    UpdateAccessKey: updateAccessKey,
    DeleteAccessKey: deleteAccessKey,
    CreateInstanceProfile: createInstanceProfile,
    GetInstanceProfile: getInstanceProfile,
    DeleteInstanceProfile: deleteInstanceProfile,
    AddRoleToInstanceProfile: addRoleToInstanceProfile,
    RemoveRoleFromInstanceProfile: removeRoleFromInstanceProfile,
    ListInstanceProfiles: listInstanceProfiles,
    ListInstanceProfilesForRole: listInstanceProfilesForRole,
  },
};

export const iam: AnyServiceDefinition = definition;
