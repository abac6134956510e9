/**
 * SSM's errors with AWS's texts. All are 400. Where a text was seen in AWS's answers (AWS's guides, users'
 * logs quoting the service) it is marked "verified"; the others follow AWS's documentation of the exception
 * or what emulators that test against AWS (moto) send, and are marked "inferred".
 */
import { ServiceError } from '../../shared/errors.js';

/**
 * Verified: GetParameter and DeleteParameter of a missing name answer `{"__type":"ParameterNotFound"}`, no
 * message at all (botocore prints "An error occurred (ParameterNotFound) when calling the GetParameter
 * operation: " and the v2 SDK a null message).
 */
export const parameterNotFound = (): ServiceError => new ServiceError('ParameterNotFound', '', 400);

/** Verified (AWS's own and every client's wording of the PutParameter refusal). */
export const parameterAlreadyExists = (): ServiceError =>
  new ServiceError('ParameterAlreadyExists', 'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.', 400);

/**
 * Verified: writing a name that starts with "aws" (any case, with or without the leading slash) is refused
 * with the name as given minus its leading slash: "No access to reserved parameter name: aws/test."
 */
export const reservedName = (name: string): ServiceError =>
  new ServiceError('AccessDeniedException', `No access to reserved parameter name: ${name.replace(/^\//, '')}.`, 400);

/**
 * Verified: the one message PutParameter and GetParameter give for any name that breaks the rules (a space, an
 * `@`, `a/b` without the leading slash, `//`, an "ssm" prefix), whatever the rule.
 */
export const invalidName = (): ServiceError =>
  new ServiceError(
    'ValidationException',
    'Parameter name: can\'t be prefixed with "ssm" (case-insensitive). If formed as a path, it can consist of sub-paths divided by slash symbol; each sub-path can be formed as a mix of letters, numbers and the following 3 symbols .-_',
    400,
  );

/**
 * Verified: GetParametersByPath's refusal of a path (no leading slash, a bad character). The backslashes before
 * the quotes around aws and ssm are in AWS's text; those around the slashes are not.
 */
export const invalidPath = (): ServiceError =>
  new ServiceError(
    'ValidationException',
    'The parameter doesn\'t meet the parameter name requirements. The parameter name must begin with a forward slash "/". It can\'t be prefixed with \\"aws\\" or \\"ssm\\" (case-insensitive). It must use only letters, numbers, or the following symbols: . (period), - (hyphen), _ (underscore). Special characters are not allowed. All sub-paths, if specified, must use the forward slash symbol "/". Valid example: /get/parameters2-/by1./path0_.',
    400,
  );

/** Verified (AWS's guide shows it for AllowedPattern `\d{1,4}`). */
export const patternMismatch = (pattern: string): ServiceError =>
  new ServiceError('ParameterPatternMismatchException', `Parameter value, cannot be validated against allowedPattern: ${pattern}`, 400);

/** Inferred: the exception's documented description. */
export const invalidAllowedPattern = (): ServiceError =>
  new ServiceError('InvalidAllowedPatternException', 'The request does not meet the regular expression requirement.', 400);

/** Inferred: the exception's documented description ("A hierarchy can have a maximum of 15 levels..."). */
export const hierarchyTooDeep = (): ServiceError =>
  new ServiceError(
    'HierarchyLevelLimitExceededException',
    'A hierarchy can have a maximum of 15 levels. For more information, see Requirements and constraints for parameter names in the Amazon Web Services Systems Manager User Guide.',
    400,
  );

/** Inferred (moto's text; its pull request #3977 shows AWS's answer). */
export const versionNotFound = (version: string, name: string): ServiceError =>
  new ServiceError('ParameterVersionNotFound', `Systems Manager could not find version ${version} of ${name}. Verify the version and try again.`, 400);

/** Inferred: the InvalidNextToken exception's documented description. */
export const invalidNextToken = (): ServiceError => new ServiceError('InvalidNextToken', 'The specified token isn\'t valid.', 400);

/** Inferred (moto's texts for the filter errors). */
export const invalidFilterKey = (key: string, valid: string): ServiceError =>
  new ServiceError('InvalidFilterKey', `The following filter key is not valid: ${key}. Valid filter keys include: ${valid}.`, 400);
export const invalidFilterOption = (option: string, valid: string): ServiceError =>
  new ServiceError('InvalidFilterOption', `The following filter option is not valid: ${option}. Valid options include: ${valid}.`, 400);
export const missingFilterValues = (key: string): ServiceError =>
  new ServiceError('InvalidFilterValue', `The following filter values are missing : null for filter key ${key}.`, 400);

/** A plain ValidationException with SSM's own words (not Coral's numbered clauses). */
export const validation = (message: string): ServiceError => new ServiceError('ValidationException', message, 400);

/** Inferred: ListTagsForResource of a name that does not exist. AWS's text is unknown; it sends none here. */
export const invalidResourceId = (): ServiceError => new ServiceError('InvalidResourceId', '', 400);
export const invalidResourceType = (): ServiceError => new ServiceError('InvalidResourceType', '', 400);

/** Inferred: more than 50 tags on one parameter. */
export const tooManyTags = (): ServiceError =>
  new ServiceError('TooManyTagsError', 'The Targets parameter includes too many tags. Remove one or more tags and try the command again.', 400);
