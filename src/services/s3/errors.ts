/**
 * S3's errors with its exact texts and the extra elements its XML error carries (BucketName, Key ...), as
 * S3's error reference (docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html) and SDK reports show them.
 */
import { ServiceError } from '../../shared/errors.js';

const s3 = (code: string, message: string, status: number, body?: Record<string, unknown>, headers?: Record<string, string>): ServiceError =>
  new ServiceError(code, message, status, { ...(body ? { body } : {}), ...(headers ? { headers } : {}) });

export const accessDenied = (): ServiceError => s3('AccessDenied', 'Access Denied', 403);
export const noSuchBucket = (bucket: string): ServiceError => s3('NoSuchBucket', 'The specified bucket does not exist', 404, { BucketName: bucket });
export const noSuchKey = (key: string, headers?: Record<string, string>): ServiceError => s3('NoSuchKey', 'The specified key does not exist.', 404, { Key: key }, headers);
export const noSuchVersion = (key: string, versionId: string): ServiceError =>
  s3('NoSuchVersion', 'The specified version does not exist.', 404, { Key: key, VersionId: versionId });
export const invalidVersionId = (): ServiceError => s3('InvalidArgument', 'Invalid version id specified', 400, { ArgumentName: 'versionId' });
export const invalidBucketName = (bucket: string): ServiceError => s3('InvalidBucketName', 'The specified bucket is not valid.', 400, { BucketName: bucket });
export const bucketAlreadyOwnedByYou = (bucket: string): ServiceError =>
  s3('BucketAlreadyOwnedByYou', 'Your previous request to create the named bucket succeeded and you already own it.', 409, { BucketName: bucket });
export const bucketAlreadyExists = (bucket: string): ServiceError =>
  s3('BucketAlreadyExists', 'The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.', 409, { BucketName: bucket });
export const bucketNotEmpty = (bucket: string): ServiceError => s3('BucketNotEmpty', 'The bucket you tried to delete is not empty', 409, { BucketName: bucket });
export const noSuchUpload = (uploadId: string): ServiceError =>
  s3('NoSuchUpload', 'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.', 404, { UploadId: uploadId });
export const invalidPart = (uploadId: string, partNumber: number, etag: string): ServiceError =>
  s3('InvalidPart', "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.", 400, { UploadId: uploadId, PartNumber: partNumber, ETag: etag });
export const invalidPartOrder = (uploadId: string): ServiceError =>
  s3('InvalidPartOrder', 'The list of parts was not in ascending order. Parts must be ordered by part number.', 400, { UploadId: uploadId });
export const entityTooSmall = (size: number, partNumber: number, etag: string): ServiceError =>
  s3('EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed object size.', 400, { ProposedSize: size, MinSizeAllowed: 5242880, PartNumber: partNumber, ETag: etag });
export const badDigestMd5 = (expected: string, calculated: string): ServiceError =>
  s3('BadDigest', 'The Content-MD5 you specified did not match what we received.', 400, { ExpectedDigest: expected, CalculatedDigest: calculated });
export const badDigestChecksum = (algorithm: string): ServiceError => s3('BadDigest', `The ${algorithm} you specified did not match the calculated checksum.`, 400);
export const invalidDigest = (value: string): ServiceError => s3('InvalidDigest', 'The Content-MD5 you specified was invalid.', 400, { 'Content-MD5': value });
export const invalidRequest = (message: string): ServiceError => s3('InvalidRequest', message, 400);
export const invalidArgument = (message: string, name: string, value?: string): ServiceError =>
  s3('InvalidArgument', message, 400, value === undefined ? { ArgumentName: name } : { ArgumentName: name, ArgumentValue: value });
export const invalidRange = (range: string, size: number): ServiceError =>
  s3('InvalidRange', 'The requested range is not satisfiable', 416, { RangeRequested: range, ActualObjectSize: size }, { 'Content-Range': `bytes */${size}` });
export const preconditionFailed = (condition: string): ServiceError =>
  s3('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', 412, { Condition: condition });
export const notModified = (headers: Record<string, string>): ServiceError => s3('NotModified', 'Not Modified', 304, undefined, headers);
export const incompleteBody = (): ServiceError => s3('IncompleteBody', 'You did not provide the number of bytes specified by the Content-Length HTTP header', 400);
export const malformedXml = (): ServiceError =>
  s3('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema', 400);
export const malformedPolicy = (message: string): ServiceError => s3('MalformedPolicy', message, 400);
export const invalidTag = (message: string): ServiceError => s3('InvalidTag', message, 400);
export const methodNotAllowed = (method: string, resourceType: string, headers: Record<string, string>): ServiceError =>
  s3('MethodNotAllowed', 'The specified method is not allowed against this resource.', 405, { Method: method, ResourceType: resourceType }, headers);
export const noSuchBucketPolicy = (bucket: string): ServiceError => s3('NoSuchBucketPolicy', 'The bucket policy does not exist', 404, { BucketName: bucket });
export const noSuchTagSet = (bucket: string): ServiceError => s3('NoSuchTagSet', 'The TagSet does not exist', 404, { BucketName: bucket });
export const noSuchCors = (bucket: string): ServiceError => s3('NoSuchCORSConfiguration', 'The CORS configuration does not exist', 404, { BucketName: bucket });
export const noSuchLifecycle = (bucket: string): ServiceError =>
  s3('NoSuchLifecycleConfiguration', 'The lifecycle configuration does not exist', 404, { BucketName: bucket });
export const noPublicAccessBlock = (bucket: string): ServiceError =>
  s3('NoSuchPublicAccessBlockConfiguration', 'The public access block configuration was not found', 404, { BucketName: bucket });
export const noOwnershipControls = (bucket: string): ServiceError =>
  s3('OwnershipControlsNotFoundError', 'The bucket ownership controls were not found', 404, { BucketName: bucket });
export const illegalLocationConstraint = (constraint: string): ServiceError =>
  s3('IllegalLocationConstraintException', `The ${constraint} location constraint is incompatible for the region specific endpoint this request was sent to.`, 400);
export const invalidLocationConstraint = (constraint: string): ServiceError =>
  s3('InvalidLocationConstraint', 'The specified location-constraint is not valid', 400, { LocationConstraint: constraint });
export const keyTooLong = (size: number, max: number): ServiceError => s3('KeyTooLongError', 'Your key is too long', 400, { Size: size, MaxSizeAllowed: max });
export const notImplementedHeader = (header: string): ServiceError =>
  s3('NotImplemented', 'A header you provided implies functionality that is not implemented', 501, { Header: header });
export const invalidPartNumber = (): ServiceError => s3('InvalidPartNumber', 'The requested partnumber is not satisfiable', 416);
export const aclNotSupported = (): ServiceError => s3('AccessControlListNotSupported', 'The bucket does not allow ACLs', 400);
