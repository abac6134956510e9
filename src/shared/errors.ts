/**
 * Control-plane errors: every failure a client can see is a ServiceError with AWS's code, HTTP status
 * and exact message. Protocols turn it into their own envelope (rest-json header + body, query XML, ec2 XML).
 */
export class ServiceError extends Error {
  readonly code: string;
  readonly status: number;
  /** Query/XML protocols report who is at fault: the caller ("Sender") or the service ("Receiver"). */
  readonly fault: 'Sender' | 'Receiver';
  readonly headers: Record<string, string>;
  /** JSON protocols: the error body when the service's differs from `{"message": ...}` (Lambda's `{"Type","Message"}`). */
  readonly body: Record<string, unknown> | undefined;

  constructor(
    code: string,
    message: string,
    status = 400,
    options: { fault?: 'Sender' | 'Receiver'; headers?: Record<string, string>; body?: Record<string, unknown> } = {},
  ) {
    super(message);
    this.name = code;
    this.code = code;
    this.status = status;
    this.fault = options.fault ?? (status >= 500 ? 'Receiver' : 'Sender');
    this.headers = options.headers ?? {};
    this.body = options.body;
  }
}

/** Raised when a client sends something the protocol cannot read (bad JSON, wrong JSON type). */
export function serializationError(message: string): ServiceError {
  return new ServiceError('SerializationException', message, 400);
}

/** An operation the AWS model knows but Gatehouse does not implement yet. */
export function notImplemented(service: string, operation: string): ServiceError {
  return new ServiceError(
    'NotImplementedException',
    `Gatehouse does not implement the ${service} operation ${operation} yet.`,
    501,
  );
}

/** "N validation error(s) detected: a; b" as AWS's Coral framework words it. */
export function validationError(clauses: readonly string[], code = 'ValidationException'): ServiceError {
  const n = clauses.length;
  return new ServiceError(code, `${n} validation error${n === 1 ? '' : 's'} detected: ${clauses.join('; ')}`, 400);
}
