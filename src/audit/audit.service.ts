import { Injectable } from '@nestjs/common';
import { AUDIT_MESSAGES, type AuditEventType, type AuditFields } from './audit.events';
import { AuditSink } from './audit.sink';
import { redactSecrets } from './redact';

/**
 * The security audit trail: one JSON object per event, separate from application logs. Callers
 * pass facts; this service adds the timestamp, level and the message prefix operators grep for.
 */
@Injectable()
export class AuditService {
  constructor(private readonly sink: AuditSink) {}

  record(eventType: AuditEventType, fields: AuditFields = {}): void {
    const { success, detail, ...rest } = fields;
    const prefix = messagePrefix(eventType, success);
    const failed =
      success === false ||
      eventType === 'authorization_denied' ||
      eventType === 'host_key_mismatch';
    this.sink.write(
      redactSecrets({
        timestamp: new Date().toISOString(),
        level: failed ? 'warning' : 'info',
        event_type: eventType,
        ...rest,
        ...(success === undefined ? {} : { success }),
        message: detail === undefined ? prefix : `${prefix}: ${detail}`,
      }),
    );
  }
}

function messagePrefix(eventType: AuditEventType, success: boolean | undefined): string {
  switch (eventType) {
    case 'authentication_attempt':
      return success === false
        ? AUDIT_MESSAGES.authentication_attempt_failure
        : AUDIT_MESSAGES.authentication_attempt_success;
    case 'ssh_connection':
      return success === false
        ? AUDIT_MESSAGES.ssh_connection_failure
        : AUDIT_MESSAGES.ssh_connection_success;
    case 'authorization_denied':
    case 'rate_limit_exceeded':
    case 'invalid_api_request':
    case 'device_command':
    case 'host_key_mismatch':
    case 'cache_cleared':
    case 'config_reloaded':
      return AUDIT_MESSAGES[eventType];
  }
}
