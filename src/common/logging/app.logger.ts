import type { LoggerService, LogLevel } from '@nestjs/common';
import * as winston from 'winston';
import { redactSecrets } from '../../audit/redact';

const NEST_TO_WINSTON: Record<LogLevel, string> = {
  fatal: 'error',
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'verbose',
};

// Nest's start-up chatter (one line per module and route) is debug detail, not news.
const START_UP_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer']);

/** Nest's Logger with winston behind it: one line per event on stdout, secrets redacted. */
export class AppLogger implements LoggerService {
  private readonly logger: winston.Logger;

  constructor(level: string) {
    this.logger = winston.createLogger({
      level,
      format: winston.format.combine(
        winston.format.timestamp(),
        winston.format.printf(({ timestamp, level: lvl, message, context }) => {
          const where = typeof context === 'string' ? ` [${context}]` : '';
          return `${String(timestamp)} ${lvl.toUpperCase()}${where} ${String(message)}`;
        }),
      ),
      transports: [new winston.transports.Console()],
    });
  }

  // Nest passes the context as the last argument (after a stack trace for errors, which we drop:
  // traces can carry request data).
  log(message: unknown, ...params: unknown[]): void {
    this.write('log', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.write('verbose', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  private write(level: LogLevel, message: unknown, params: unknown[]): void {
    const last = params[params.length - 1];
    const context = typeof last === 'string' ? last : undefined;
    const effective =
      level === 'log' && context !== undefined && START_UP_CONTEXTS.has(context) ? 'debug' : level;
    const text = typeof message === 'string' ? message : JSON.stringify(redactSecrets(message));
    this.logger.log({ level: NEST_TO_WINSTON[effective], message: text, context });
  }
}
