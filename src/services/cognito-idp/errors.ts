/**
 * Cognito user pools' errors with AWS's texts. All are 400 with `{"__type", "message"}`. Texts quoted whole in
 * users' reports and SDK logs are marked "verified"; the others follow the exception's documented description
 * and are marked "inferred".
 */
import { ServiceError } from '../../shared/errors.js';

const error = (code: string, message: string): ServiceError => new ServiceError(code, message, 400);

/** Coral's validation text, which Cognito answers as InvalidParameterException (verified form). */
export const validationError = (detail: string): ServiceError => error('InvalidParameterException', `1 validation error detected: ${detail}`);

export const invalidParameter = (message: string): ServiceError => error('InvalidParameterException', message);

/** Verified ("User pool us-east-2_<id> does not exist."). */
export const poolNotFound = (poolId: string): ServiceError => error('ResourceNotFoundException', `User pool ${poolId} does not exist.`);

/** Verified ("User pool client 47r5gbil1bfhr09d5j50bekvmd does not exist."). */
export const clientNotFound = (clientId: string): ServiceError => error('ResourceNotFoundException', `User pool client ${clientId} does not exist.`);

/** Verified. */
export const userNotFound = (): ServiceError => error('UserNotFoundException', 'User does not exist.');

/** Verified (AdminCreateUser). */
export const userAccountExists = (): ServiceError => error('UsernameExistsException', 'User account already exists');

/** Verified (SignUp). */
export const userExists = (): ServiceError => error('UsernameExistsException', 'User already exists');

/** Verified. */
export const incorrectCredentials = (): ServiceError => error('NotAuthorizedException', 'Incorrect username or password.');

/** Verified. */
export const userNotConfirmed = (): ServiceError => error('UserNotConfirmedException', 'User is not confirmed.');

/** Verified. */
export const badSecretHash = (clientId: string): ServiceError => error('NotAuthorizedException', `Unable to verify secret hash for client ${clientId}`);

/** Verified. */
export const secretHashMissing = (clientId: string): ServiceError => error('NotAuthorizedException', `Client ${clientId} is configured with secret but SECRET_HASH was not received`);

/** Verified: USER_PASSWORD_AUTH on a client that does not allow it. */
export const userPasswordFlowDisabled = (): ServiceError => invalidParameter('USER_PASSWORD_AUTH flow not enabled for this client');

/** Verified: the other flows (ADMIN_USER_PASSWORD_AUTH, ADMIN_NO_SRP_AUTH, REFRESH_TOKEN_AUTH). */
export const flowDisabled = (): ServiceError => invalidParameter('Auth flow not enabled for this client');

/** Verified (ADMIN_USER_PASSWORD_AUTH sent to InitiateAuth). */
export const authMethodNotSupported = (): ServiceError => invalidParameter('Initiate Auth method not supported.');

/** Verified. */
export const invalidRefreshToken = (): ServiceError => error('NotAuthorizedException', 'Invalid Refresh Token');

/** Verified. */
export const invalidAccessToken = (): ServiceError => error('NotAuthorizedException', 'Invalid Access Token');

/** Verified. */
export const accessTokenExpired = (): ServiceError => error('NotAuthorizedException', 'Access Token has expired');

/** Verified. */
export const invalidSession = (): ServiceError => error('NotAuthorizedException', 'Invalid session for the user.');

/** Verified. */
export const codeMismatch = (): ServiceError => error('CodeMismatchException', 'Invalid verification code provided, please try again.');

/** Verified ("User cannot be confirmed. Current status is CONFIRMED"). */
export const cannotConfirm = (status: string): ServiceError => error('NotAuthorizedException', `User cannot be confirmed. Current status is ${status}`);

/** Verified. */
export const userDisabled = (): ServiceError => error('NotAuthorizedException', 'User is disabled.');

/** Verified ("Missing required parameter USERNAME"). */
export const missingParameter = (name: string): ServiceError => invalidParameter(`Missing required parameter ${name}`);

/**
 * Verified for AdminCreateUser ("Password did not conform with password policy: Password must have numeric
 * characters"); SignUp and AdminSetUserPassword say "with policy" (verified, "Password did not conform with
 * policy: Password not long enough").
 */
export const invalidPassword = (wording: 'policy' | 'password policy', reason: string): ServiceError =>
  error('InvalidPasswordException', `Password did not conform with ${wording}: ${reason}`);

/** Inferred: a resource server's identifier taken in this pool (the exception's documented case). */
export const resourceServerExists = (identifier: string): ServiceError => invalidParameter(`${identifier} already exists in this user pool.`);

/** Inferred: a resource server that is not there. */
export const resourceServerNotFound = (identifier: string): ServiceError => error('ResourceNotFoundException', `Resource server ${identifier} does not exist.`);

/** Inferred: a client allowed a custom scope no resource server of the pool defines. */
export const scopeDoesNotExist = (scope: string): ServiceError => error('ScopeDoesNotExistException', `Invalid scope requested: ${scope}`);

/** Inferred: client_credentials for a client without a secret. */
export const invalidOAuthFlow = (message: string): ServiceError => error('InvalidOAuthFlowException', message);

/** Verified: SignUp on a pool where only administrators create users. */
export const signUpNotPermitted = (): ServiceError => error('NotAuthorizedException', 'SignUp is not permitted for this user pool');

/** Verified: GetUser with an access token without aws.cognito.signin.user.admin. */
export const missingScopes = (): ServiceError => error('NotAuthorizedException', 'Access Token does not have required scopes');
