import { AuditSink } from '../../audit/audit.sink';

/** An audit sink that keeps entries in memory, for specs that assert what was audited. */
export class RecordingAuditSink extends AuditSink {
  readonly entries: Record<string, unknown>[] = [];

  write(entry: Record<string, unknown>): void {
    this.entries.push(entry);
  }

  async close(): Promise<void> {}

  /** Entries of one event type, in order. */
  ofType(eventType: string): Record<string, unknown>[] {
    return this.entries.filter((entry) => entry.event_type === eventType);
  }
}
