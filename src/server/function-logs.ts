/**
 * Recent invocation logs per function, kept in memory (as CloudWatch Logs would hold them), for
 * `gatehouse logs <function> [--follow]`: the last entries, and a feed of new ones.
 */
import { EventEmitter } from 'node:events';

/** How much log text is kept per function; older invocations drop off first. */
const MAX_CHARS_PER_FUNCTION = 1_000_000;

export class FunctionLogs {
  private readonly entries = new Map<string, string[]>();
  private readonly sizes = new Map<string, number>();
  private readonly feed = new EventEmitter();

  constructor() {
    this.feed.setMaxListeners(0);
  }

  static key(account: string, region: string, functionName: string): string {
    return `${account}/${region}/${functionName}`;
  }

  append(key: string, log: string): void {
    const list = this.entries.get(key) ?? [];
    let size = (this.sizes.get(key) ?? 0) + log.length;
    list.push(log);
    while (size > MAX_CHARS_PER_FUNCTION && list.length > 1) size -= list.shift()!.length;
    this.entries.set(key, list);
    this.sizes.set(key, size);
    this.feed.emit(key, log);
  }

  recent(key: string): string {
    return (this.entries.get(key) ?? []).join('');
  }

  /** Calls `listener` with each new invocation's log until the returned function is called. */
  follow(key: string, listener: (log: string) => void): () => void {
    this.feed.on(key, listener);
    return () => this.feed.off(key, listener);
  }

  clear(): void {
    this.entries.clear();
    this.sizes.clear();
  }
}
