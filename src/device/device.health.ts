import { Injectable } from '@nestjs/common';
import { SshPool } from './ssh.pool';

/** What /api/health shows for the SSH pool (`components.ssh_pool`). */
export interface SshPoolHealth {
  status: 'up';
  active_connections: number;
  pooled_keys: number;
  in_flight: number;
  queued: number;
  failed_connections: number;
  average_connection_time_ms: number;
}

/**
 * The pool's health for terminus. Unreachable routers are a measurement, not ill health of this
 * service, so the pool itself is always `up`; the numbers let an operator see trouble.
 */
@Injectable()
export class DeviceHealthIndicator {
  constructor(private readonly pool: SshPool) {}

  check(): SshPoolHealth {
    const stats = this.pool.stats();
    return {
      status: 'up',
      active_connections: stats.activeConnections,
      pooled_keys: stats.pooledKeys,
      in_flight: stats.inFlight,
      queued: stats.queued,
      failed_connections: stats.failedConnections,
      average_connection_time_ms: Math.round(stats.averageConnectMs * 10) / 10,
    };
  }
}
