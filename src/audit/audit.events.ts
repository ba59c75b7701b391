/** The audit trail's event types and the message prefix operators grep for (API.md, audit trail). */
export const AUDIT_MESSAGES = {
  authentication_attempt_success: 'Authentication successful',
  authentication_attempt_failure: 'Authentication failed',
  authorization_denied: 'Authorization denied',
  rate_limit_exceeded: 'Rate limit exceeded',
  invalid_api_request: 'Invalid API request',
  ssh_connection_success: 'SSH connection successful',
  ssh_connection_failure: 'SSH connection failed',
  device_command: 'Device command',
  host_key_mismatch: 'Host key mismatch',
  cache_cleared: 'Cache cleared',
  config_reloaded: 'Configuration reloaded',
} as const;

export type AuditEventType =
  | 'authentication_attempt'
  | 'authorization_denied'
  | 'rate_limit_exceeded'
  | 'invalid_api_request'
  | 'ssh_connection'
  | 'device_command'
  | 'host_key_mismatch'
  | 'cache_cleared'
  | 'config_reloaded';

/** Fields of one event. `success` picks the success or failure message where both exist. */
export interface AuditFields {
  request_id?: string;
  source_ip?: string;
  success?: boolean;
  detail?: string;
  [field: string]: unknown;
}
