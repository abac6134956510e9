/**
 * One AWS service behind the shared port: its protocol (built on first use, so start-up never waits for a
 * model to load) and the dispatch of a request to its operation handler (services/operation-runner.ts).
 */
import { runOperation, type CommitListener } from '../services/operation-runner.js';
import { ServiceError } from '../shared/errors.js';
import type { OperationContext, ServiceDefinition } from '../services/types.js';
import { JsonProtocol } from '../wire/json-protocol.js';
import { loadServiceModel } from '../wire/model.js';
import { EC2_SETTINGS, QueryProtocol } from '../wire/query.js';
import { RestJsonProtocol } from '../wire/rest-json.js';
import { RestXmlProtocol } from '../wire/rest-xml.js';
import type { ProtocolFamily } from './auth-errors.js';
import type { Protocol, WireRequest, WireResponse } from '../wire/types.js';

export class ServiceEndpoint {
  private protocolInstance: Protocol | undefined;

  constructor(
    readonly definition: ServiceDefinition,
    private readonly onCommit?: CommitListener,
  ) {}

  get protocol(): Protocol {
    this.protocolInstance ??= buildProtocol(this.definition.modelFile);
    return this.protocolInstance;
  }

  /** The model's protocol, which decides how credentials are refused (auth-errors.ts). */
  get family(): ProtocolFamily {
    return loadServiceModel(this.definition.modelFile).metadata.protocol as ProtocolFamily;
  }

  /** Whether this service has an operation for the request (used when no signature names the service). */
  matches(request: WireRequest): boolean {
    return this.protocol.match(request) !== undefined;
  }

  async handle(request: WireRequest, ctx: OperationContext): Promise<WireResponse> {
    const protocol = this.protocol;
    try {
      const match = protocol.match(request);
      if (!match) throw protocol.unknownOperation(request);
      // A streamed body (S3's route) is read whole here unless the operation takes it as a stream.
      const ready = request.stream && protocol.prepare ? await protocol.prepare(match, request) : request;
      const output = await runOperation(this.definition, match.operation.name, () => protocol.parse(match, ready), ctx, this.onCommit);
      return protocol.serialize(match.operation, output, ctx.requestId);
    } catch (error) {
      if (error instanceof ServiceError) return protocol.serializeError(error, ctx.requestId);
      throw error;
    }
  }
}

function buildProtocol(modelFile: string): Protocol {
  const model = loadServiceModel(modelFile);
  switch (model.metadata.protocol) {
    case 'rest-json':
      return new RestJsonProtocol(model);
    case 'query':
      return new QueryProtocol(model);
    case 'ec2':
      return new QueryProtocol(model, EC2_SETTINGS);
    case 'json':
      return new JsonProtocol(model);
    case 'rest-xml':
      return new RestXmlProtocol(model);
    default:
      throw new Error(`unsupported protocol ${model.metadata.protocol} for ${modelFile}`);
  }
}
