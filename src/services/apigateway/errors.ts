/** API Gateway's modelled errors, with the exact messages AWS sends for the lookups every operation does. */
import { ServiceError } from '../../shared/errors.js';
import type { Scope } from '../../shared/accounts.js';

export const badRequest = (message: string): ServiceError => new ServiceError('BadRequestException', message, 400);
export const notFound = (message: string): ServiceError => new ServiceError('NotFoundException', message, 404);
export const conflict = (message: string): ServiceError => new ServiceError('ConflictException', message, 409);

/** The API-level lookup names the account and echoes the id as sent (ids are case-sensitive). */
export const apiNotFound = (scope: Scope, restApiId: string): ServiceError => notFound(`Invalid API identifier specified ${scope.account}:${restApiId}`);
export const resourceNotFound = (): ServiceError => notFound('Invalid Resource identifier specified');
export const methodNotFound = (): ServiceError => notFound('Invalid Method identifier specified');
export const integrationNotFound = (): ServiceError => notFound('Invalid Integration identifier specified');
export const statusCodeNotFound = (): ServiceError => notFound('Invalid Response status code specified');
