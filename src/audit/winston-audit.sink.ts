import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Injectable } from '@nestjs/common';
import * as winston from 'winston';
import { Syslog } from 'winston-syslog';
import { AuditConfig } from '../config/configuration';
import { AuditSink } from './audit.sink';

/** JSON lines to a size-rotated file, and the same lines to syslog when SYSLOG_HOST is set. */
@Injectable()
export class WinstonAuditSink extends AuditSink {
  private readonly logger: winston.Logger;

  constructor(config: AuditConfig) {
    super();
    mkdirSync(dirname(config.file), { recursive: true, mode: 0o750 });
    const transports: winston.transport[] = [
      new winston.transports.File({
        filename: config.file,
        maxsize: config.maxSizeBytes,
        maxFiles: config.maxFiles,
        tailable: true,
        options: { mode: 0o640 },
      }),
    ];
    if (config.syslogHost !== undefined) {
      transports.push(
        new Syslog({
          host: config.syslogHost,
          port: config.syslogPort,
          protocol: config.syslogProtocol,
          app_name: 'tripleplay-sentinel',
          facility: 'auth',
          localhost: 'tripleplay-sentinel',
        }),
      );
    }
    this.logger = winston.createLogger({
      levels: winston.config.syslog.levels,
      level: 'debug',
      format: winston.format.printf((info) => JSON.stringify(info.entry)),
      transports,
    });
    // A failing transport (syslog host down) must never take the service down.
    this.logger.on('error', () => undefined);
  }

  write(entry: Record<string, unknown>): void {
    const level = typeof entry.level === 'string' ? entry.level : 'info';
    this.logger.log({ level, message: '', entry });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.logger.on('finish', () => resolve());
      this.logger.end();
      // winston's finish can be late with a syslog transport; do not hold shutdown on it.
      setTimeout(resolve, 500).unref();
    });
  }
}
