/**
 * The AWS JSON protocol (awsJson1_0 / awsJson1_1: ssm, ...): every call is a `POST /` that names its operation
 * in `X-Amz-Target: {targetPrefix}.{Operation}` and carries the whole input as one JSON object; the output is one
 * JSON object. An error is `{"__type": code, "message": text}` with the HTTP status, and nothing in the headers
 * but the request id (no `x-amzn-ErrorType`, which is rest-json's). botocore and the v3 SDK read the code from
 * `__type` (dropping any `namespace#` prefix) and the text from `message` or `Message`.
 */
import { ServiceError } from '../shared/errors.js';
import { parseJsonBody } from './rest-json.js';
import { readStructure, stringifyJson, writeStructure } from './json-codec.js';
import type { OperationModel, ServiceModel } from './model.js';
import type { OperationMatch, Protocol, WireRequest, WireResponse } from './types.js';

export class JsonProtocol implements Protocol {
  /** `AmazonSSM.`: what every X-Amz-Target of this service starts with. */
  private readonly targetPrefix: string;
  /** `application/x-amz-json-1.1` (or 1.0, by the model's jsonVersion). */
  private readonly contentType: string;

  constructor(readonly model: ServiceModel) {
    this.targetPrefix = `${model.metadata.targetPrefix ?? ''}.`;
    this.contentType = `application/x-amz-json-${model.metadata.jsonVersion ?? '1.0'}`;
  }

  match(request: WireRequest): OperationMatch | undefined {
    const target = request.headers['x-amz-target'];
    if (request.method !== 'POST' || target === undefined || !target.startsWith(this.targetPrefix)) return undefined;
    const operation = this.model.operations.get(target.slice(this.targetPrefix.length));
    return operation ? { operation, labels: {} } : undefined;
  }

  parse(match: OperationMatch, request: WireRequest): Record<string, unknown> {
    const json = parseJsonBody(request.body);
    const shape = match.operation.input;
    return shape && json ? readStructure(shape, json, undefined) : {};
  }

  serialize(operation: OperationModel, output: unknown, requestId: string): WireResponse {
    const shape = operation.output;
    const body = shape && output !== undefined && output !== null ? stringifyJson(writeStructure(shape, output as Record<string, unknown>, undefined)) : '{}';
    return { status: operation.http.responseCode, headers: { 'x-amzn-RequestId': requestId, 'Content-Type': this.contentType }, body };
  }

  serializeError(error: ServiceError, requestId: string): WireResponse {
    // Some of AWS's errors carry no message at all (SSM's ParameterNotFound is `{"__type":"ParameterNotFound"}`):
    // an empty message is left out, as AWS leaves it out.
    const body = error.body ?? (error.message === '' ? {} : { message: error.message });
    return {
      status: error.status,
      headers: { 'x-amzn-RequestId': requestId, 'Content-Type': this.contentType, ...error.headers },
      body: JSON.stringify({ __type: error.code, ...body }),
    };
  }

  /**
   * A target this service does not have, or none: AWS answers 400 `{"__type":"UnknownOperationException"}` with
   * no message (recorded from CloudWatch Logs, another awsJson1_1 service: aws/aws-sdk-net#1536).
   */
  unknownOperation(_request: WireRequest): ServiceError {
    return new ServiceError('UnknownOperationException', '', 400);
  }
}

