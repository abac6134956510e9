/**
 * A VPC endpoint's PolicyDocument: AWS's full-access default, and the check a given document must pass. The
 * document is kept as the client sent it, as AWS keeps it.
 */
import { parsePolicy } from '../../policy/document.js';
import { ec2Error } from './errors.js';

export const DEFAULT_ENDPOINT_POLICY = '{"Statement":[{"Action":"*","Effect":"Allow","Principal":"*","Resource":"*"}]}';

/** `position 74` of a JSON.parse message as AWS's `(line,column)`, both 1-based. */
function syntaxPosition(text: string, error: unknown): string {
  const m = /position (\d+)/.exec(error instanceof Error ? error.message : '');
  const offset = m ? Math.min(Number(m[1]), text.length) : text.length;
  const before = text.slice(0, offset).split('\n');
  return `(${before.length},${before[before.length - 1]!.length + 1})`;
}

export function checkedEndpointPolicy(text: string): string {
  try {
    JSON.parse(text);
  } catch (e) {
    throw ec2Error('InvalidPolicyDocument', `The Policy Document is not valid. Syntax error at position ${syntaxPosition(text, e)}`);
  }
  if (!parsePolicy(text).ok) throw ec2Error('InvalidPolicyDocument', 'The Policy Document is not valid.');
  return text;
}
