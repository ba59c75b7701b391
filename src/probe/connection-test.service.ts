import { Injectable } from '@nestjs/common';
import { ScopeService } from '../auth/scope.service';
import { DeviceService } from '../device/device.service';
import { buildSystemCommand } from '../routeros/command.builder';
import { detectRouterOsError } from '../routeros/error.parser';
import { parseIdentity, parseResource } from '../routeros/system.parser';
import { DeviceResolver } from './device.resolver';
import type { ConnectionTestDto } from './dto/connection-test.dto';
import { MeasurementRunner } from './measurement.runner';
import type { CallContext } from './probe.types';

export interface ConnectionTestResponse {
  status: 'success';
  connection_test: {
    ssh_connection_successful: true;
    authentication_successful: true;
    connection_time_ms: number;
    host_key_sha256: string;
    device_info: {
      identity: string | null;
      version: string | null;
      architecture: string | null;
      board_name: string | null;
      uptime: string | null;
      cpu_load_percent: number | null;
    };
  };
  metadata: { transport: 'ssh'; mikrotik_host: string; request_id: string; timestamp: string };
}

const DEFAULT_LOGIN_TIMEOUT_S = 10;

/** POST /api/connection-test: log in, read identity and resources, report them. */
@Injectable()
export class ConnectionTestService {
  constructor(
    private readonly resolver: DeviceResolver,
    private readonly devices: DeviceService,
    private readonly runner: MeasurementRunner,
    private readonly scopes: ScopeService,
  ) {}

  async test(request: ConnectionTestDto, context: CallContext): Promise<ConnectionTestResponse> {
    const device = this.resolver.resolve(request);
    this.scopes.assertAllowed(context, device.inventoryName ?? device.label, undefined);
    const deadlineMs = (request.timeout ?? DEFAULT_LOGIN_TIMEOUT_S) * 1000;
    const options = { deadlineMs, requestId: context.requestId };
    const identity = await this.devices.run(device.target, buildSystemCommand('identity'), options);
    const resource = await this.devices.run(device.target, buildSystemCommand('resource'), options);
    const info = parseResource(
      detectRouterOsError(resource.output) === null ? resource.output : '',
    );
    if (info.version !== null) this.runner.rememberVersion(device.identity, info.version);
    return {
      status: 'success',
      connection_test: {
        ssh_connection_successful: true,
        authentication_successful: true,
        connection_time_ms: Math.round(identity.durationMs),
        host_key_sha256: identity.hostKeySha256,
        device_info: {
          identity: parseIdentity(identity.output),
          version: info.version,
          architecture: info.architecture,
          board_name: info.boardName,
          uptime: info.uptime,
          cpu_load_percent: info.cpuLoadPercent,
        },
      },
      metadata: {
        transport: 'ssh',
        mikrotik_host: device.label,
        request_id: context.requestId,
        timestamp: new Date().toISOString(),
      },
    };
  }
}
