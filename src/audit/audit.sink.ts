/** Where audit lines go. One implementation writes winston JSON lines (file + syslog). */
export abstract class AuditSink {
  abstract write(entry: Record<string, unknown>): void;
  abstract close(): Promise<void>;
}
