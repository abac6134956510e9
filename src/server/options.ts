/** Options of a Gatehouse server, parsed once at the boundary (CLI flags or a test's object). */
import { z } from 'zod';
import { DEFAULT_ACCOUNT, DEFAULT_REGION } from '../shared/accounts.js';

export const GatehouseOptionsSchema = z.object({
  host: z.string().min(1).default('127.0.0.1'),
  port: z.number().int().min(0).max(65535).default(4566),
  dataDir: z.string().min(1).default('.gatehouse'),
  inMemory: z.boolean().default(false),
  defaultAccount: z.string().regex(/^\d{12}$/, 'must be 12 digits').default(DEFAULT_ACCOUNT),
  region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'must look like us-east-1').default(DEFAULT_REGION),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type GatehouseOptions = z.input<typeof GatehouseOptionsSchema>;
export type ResolvedOptions = z.output<typeof GatehouseOptionsSchema>;

export function resolveOptions(options: GatehouseOptions): ResolvedOptions {
  const parsed = GatehouseOptionsSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`invalid option ${issue.path.join('.')}: ${issue.message}`);
  }
  return parsed.data;
}
