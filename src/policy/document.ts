/**
 * The IAM policy language as resource policies use it: parsing a document into a typed value, or a reason
 * it is not one. Pure: no I/O, no AWS service knowledge beyond the grammar.
 */
import { z } from 'zod';

const StringOrList = z.union([z.string(), z.array(z.string()).min(1)]);

/** `"*"`, or `{"AWS": ..., "Service": ..., "Federated": ..., "CanonicalUser": ...}`. */
const PrincipalSchema = z.union([
  z.literal('*'),
  z
    .object({ AWS: StringOrList, Service: StringOrList, Federated: StringOrList, CanonicalUser: StringOrList })
    .partial()
    .strict()
    .refine((p) => Object.keys(p).length > 0, 'empty principal'),
]);

/** Operator → condition key → value(s). Values may be strings, numbers or booleans; AWS compares them as text. */
const ConditionSchema = z.record(
  z.string().min(1),
  z.record(z.string().min(1), z.union([z.string(), z.number(), z.boolean(), z.array(z.union([z.string(), z.number(), z.boolean()])).min(1)])),
);

const StatementFields = z
  .object({
    Sid: z.string().optional(),
    Effect: z.enum(['Allow', 'Deny']),
    Principal: PrincipalSchema.optional(),
    NotPrincipal: PrincipalSchema.optional(),
    Action: StringOrList.optional(),
    NotAction: StringOrList.optional(),
    Resource: StringOrList.optional(),
    NotResource: StringOrList.optional(),
    Condition: ConditionSchema.optional(),
  })
  .strict();

const StatementSchema = StatementFields
  .refine((s) => (s.Action === undefined) !== (s.NotAction === undefined), 'exactly one of Action and NotAction')
  .refine((s) => (s.Resource === undefined) !== (s.NotResource === undefined), 'exactly one of Resource and NotResource')
  .refine((s) => !(s.Principal !== undefined && s.NotPrincipal !== undefined), 'at most one of Principal and NotPrincipal');

/** A role's trust policy: its statements name who may assume the role, and no resource (the role is it). */
const TrustStatementSchema = StatementFields
  .refine((s) => (s.Action === undefined) !== (s.NotAction === undefined), 'exactly one of Action and NotAction')
  .refine((s) => s.Resource === undefined && s.NotResource === undefined, 'a trust policy names no Resource')
  .refine((s) => (s.Principal === undefined) !== (s.NotPrincipal === undefined), 'exactly one of Principal and NotPrincipal');

const PolicySchema = z
  .object({
    Version: z.enum(['2012-10-17', '2008-10-17']).optional(),
    Id: z.string().optional(),
    Statement: z.union([StatementSchema, z.array(StatementSchema).min(1)]),
  })
  .strict();

const TrustPolicySchema = z
  .object({
    Version: z.enum(['2012-10-17', '2008-10-17']).optional(),
    Id: z.string().optional(),
    Statement: z.union([TrustStatementSchema, z.array(TrustStatementSchema).min(1)]),
  })
  .strict();

export type PolicyStatement = z.infer<typeof StatementSchema>;
export type PolicyDocument = z.infer<typeof PolicySchema>;

export type ParseResult = { ok: true; document: PolicyDocument } | { ok: false; reason: string };

/** Parses a policy from its JSON text. */
export function parsePolicy(text: string, kind: 'policy' | 'trust' = 'policy'): ParseResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, reason: `not JSON: ${(e as Error).message}` };
  }
  return parsePolicyValue(json, kind);
}

/** `trust`: a role's trust policy (statements without Resource, each with a Principal). */
export function parsePolicyValue(json: unknown, kind: 'policy' | 'trust' = 'policy'): ParseResult {
  const parsed = (kind === 'trust' ? TrustPolicySchema : PolicySchema).safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, reason: `${issue.path.join('.') || 'document'}: ${issue.message}` };
  }
  return { ok: true, document: parsed.data };
}

/** The statements of a document as a list, whichever form the document used. */
export function statementsOf(document: PolicyDocument): PolicyStatement[] {
  return Array.isArray(document.Statement) ? document.Statement : [document.Statement];
}
