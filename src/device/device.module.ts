import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { DeviceHealthIndicator } from './device.health';
import { DeviceService } from './device.service';
import { HostKeyPolicy } from './host-key.policy';
import { NodeSshTransport } from './node-ssh.transport';
import { SshConnector } from './ssh.connector';
import { SshPool } from './ssh.pool';
import { SshTransport } from './ssh.transport';

/** SSH access to RouterOS routers: pooled connections, host key policy, per-router limits. */
@Module({
  imports: [AuditModule],
  providers: [
    { provide: SshTransport, useClass: NodeSshTransport },
    HostKeyPolicy,
    SshConnector,
    SshPool,
    DeviceService,
    DeviceHealthIndicator,
  ],
  exports: [DeviceService, DeviceHealthIndicator],
})
export class DeviceModule {}
