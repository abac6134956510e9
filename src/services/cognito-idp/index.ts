/**
 * Amazon Cognito user pools (cognito-idp 2016-04-18, the JSON protocol): pools, app clients, users, sign-up
 * and sign-in with the password and refresh flows, the new-password challenge, groups, resource servers and
 * custom scopes. Tokens are RS256 JWTs signed with a key each pool gets when it is made; its public half is served
 * at `/{poolId}/.well-known/jwks.json` (src/server/cognito-route.ts). No mail or SMS is ever sent.
 */
import type { Operations } from '../../wire/models/cognito-idp-2016-04-18.js';
import type { AnyServiceDefinition, ServiceDefinition } from '../types.js';
import { adminInitiateAuth, adminRespondToAuthChallenge, initiateAuth, respondToAuthChallenge } from './auth.js';
import { createUserPoolClient, deleteUserPoolClient, describeUserPoolClient, listUserPoolClients, updateUserPoolClient } from './clients.js';
import { adminAddUserToGroup, adminListGroupsForUser, adminRemoveUserFromGroup, createGroup, deleteGroup, getGroup, listGroups, listUsersInGroup, updateGroup } from './groups.js';
import { createUserPool, deleteUserPool, describeUserPool, listUserPools, updateUserPool } from './pools.js';
import { createResourceServer, deleteResourceServer, describeResourceServer, listResourceServers, updateResourceServer } from './resource-servers.js';
import { adminConfirmSignUp, adminCreateUser, adminDeleteUser, adminDisableUser, adminEnableUser, adminGetUser, adminSetUserPassword, adminUpdateUserAttributes, confirmSignUp, getUser, listUsers, signUp } from './users.js';

const definition: ServiceDefinition<Operations> = {
  signingName: 'cognito-idp',
  modelFile: 'cognito-idp-2016-04-18',
  operations: {
    CreateUserPool: createUserPool,
    DescribeUserPool: describeUserPool,
    ListUserPools: listUserPools,
    UpdateUserPool: updateUserPool,
    DeleteUserPool: deleteUserPool,
    CreateUserPoolClient: createUserPoolClient,
    DescribeUserPoolClient: describeUserPoolClient,
    UpdateUserPoolClient: updateUserPoolClient,
    ListUserPoolClients: listUserPoolClients,
    DeleteUserPoolClient: deleteUserPoolClient,
    AdminCreateUser: adminCreateUser,
    AdminSetUserPassword: adminSetUserPassword,
    AdminGetUser: adminGetUser,
    AdminDeleteUser: adminDeleteUser,
    AdminDisableUser: adminDisableUser,
    AdminEnableUser: adminEnableUser,
    AdminUpdateUserAttributes: adminUpdateUserAttributes,
    AdminConfirmSignUp: adminConfirmSignUp,
    ListUsers: listUsers,
    SignUp: signUp,
    ConfirmSignUp: confirmSignUp,
    GetUser: getUser,
    InitiateAuth: initiateAuth,
    AdminInitiateAuth: adminInitiateAuth,
    RespondToAuthChallenge: respondToAuthChallenge,
    AdminRespondToAuthChallenge: adminRespondToAuthChallenge,
    CreateGroup: createGroup,
    GetGroup: getGroup,
    ListGroups: listGroups,
    UpdateGroup: updateGroup,
    DeleteGroup: deleteGroup,
    AdminAddUserToGroup: adminAddUserToGroup,
    AdminRemoveUserFromGroup: adminRemoveUserFromGroup,
    AdminListGroupsForUser: adminListGroupsForUser,
    ListUsersInGroup: listUsersInGroup,
    CreateResourceServer: createResourceServer,
    DescribeResourceServer: describeResourceServer,
    UpdateResourceServer: updateResourceServer,
    ListResourceServers: listResourceServers,
    DeleteResourceServer: deleteResourceServer,
  },
};

export const cognitoIdp: AnyServiceDefinition = definition;
