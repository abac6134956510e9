/** The logging the network layer needs; the server's pino logger satisfies it. */
export interface NetworkLogger {
  debug(fields: object, message: string): void;
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}
