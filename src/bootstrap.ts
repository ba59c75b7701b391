import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Request } from 'express';
import { type INestApplication, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { ValidationError } from 'class-validator';
import helmet from 'helmet';
import { AppModule } from './app.module';
import { DomainError } from './common/errors/domain.error';
import { ErrorFilter } from './common/errors/error.filter';
import { bodyErrorHandler, jsonBodyParser } from './common/http/body.parser';
import { GracefulShutdown } from './common/http/graceful-shutdown';
import { requestIdMiddleware } from './common/http/request-id';
import { AppLogger } from './common/logging/app.logger';
import { AccessAudit } from './auth/access.audit';
import { KeyStore } from './auth/key.store';
import { type Configuration, loadConfiguration } from './config/configuration';
import { DeviceService } from './device/device.service';
import { ShutdownState } from './health/shutdown.state';
import { HttpMetricsMiddleware } from './metrics/http-metrics.middleware';
import { InventoryService } from './inventory/inventory.service';
import type { Env } from './config/env.reader';

export interface BootstrapOptions {
  /** The environment to configure from; defaults to process.env. Tests pass their own. */
  env?: Env;
  /** Listen on the configured host and port (default true). */
  listen?: boolean;
  /** Silence the application log (tests). */
  quiet?: boolean;
}

export interface RunningApp {
  app: INestApplication;
  config: Configuration;
  /** http(s)://host:port the app answers on, when listening. */
  url: string;
  /** Stop accepting, finish in-flight requests (bounded by REQUEST_TIMEOUT), close everything. */
  shutdown: () => Promise<void>;
  /** Re-read the device inventory and the API key file (SIGHUP). */
  reload: () => void;
}

/**
 * Builds the whole service: configuration, the Nest app, HTTP hardening, validation, the error
 * filter, Swagger and shutdown hooks. main.ts and the end-to-end tests both start it this way.
 */
export async function bootstrap(options: BootstrapOptions = {}): Promise<RunningApp> {
  const config = loadConfiguration(options.env);
  const logger = new AppLogger(options.quiet === true ? 'error' : config.server.logLevel);
  const httpsOptions =
    config.server.tlsCertFile !== undefined && config.server.tlsKeyFile !== undefined
      ? {
          cert: readFileSync(config.server.tlsCertFile),
          key: readFileSync(config.server.tlsKeyFile),
          minVersion: 'TLSv1.2' as const,
        }
      : undefined;

  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bodyParser: false,
    logger,
    httpsOptions,
    abortOnError: false,
  });
  app.set('trust proxy', config.server.trustProxy);
  app.disable('x-powered-by');
  // API answers are computed per request; hashing each body for an ETag nobody sends back costs
  // a SHA-1 per response on the hot path.
  app.set('etag', false);
  // First, so 401/404/413/429 answers are counted too.
  app.use(app.get(HttpMetricsMiddleware).handle);
  const drain = new GracefulShutdown();
  app.use(drain.track);
  app.use(requestIdMiddleware);
  app.use(
    helmet({
      contentSecurityPolicy: {
        // No inline script anywhere; plain-HTTP LAN deployments must not be upgraded to https.
        directives: {
          'script-src': ["'self'"],
          'style-src': ["'self'", "'unsafe-inline'"],
          'upgrade-insecure-requests': null,
        },
      },
    }),
  );
  if (config.server.corsOrigins.length > 0) {
    app.enableCors({
      origin: config.server.corsOrigins,
      allowedHeaders: ['Authorization', 'X-API-Key', 'Content-Type', 'X-Request-Id'],
    });
  }
  app.use(jsonBodyParser(config.server.bodyLimitBytes));
  // Bodies refused by the parser (before Nest) and requests refused inside it (guards, the
  // validation pipe, services) are audited alike.
  const access = app.get(AccessAudit, { strict: false });
  const auditInvalid = (req: Request, detail: string) => access.invalidRequest(req, detail);
  app.use(bodyErrorHandler(auditInvalid));
  app.useGlobalFilters(new ErrorFilter(auditInvalid));
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      validationError: { target: false, value: false },
      exceptionFactory: (errors) => validationFailure(errors),
    }),
  );
  if (config.server.swaggerEnabled) setUpSwagger(app);
  const shutdown = async () => {
    app.get(ShutdownState, { strict: false }).markDraining();
    await drain.shutdown(app, config.server.requestTimeoutMs, logger);
  };
  // Each file reloads on its own: one bad file must not stop the others.
  const reload = () => {
    const steps: Array<[string, () => unknown]> = [
      ['API keys', () => app.get(KeyStore, { strict: false }).reload()],
      ['inventory', () => app.get(InventoryService, { strict: false }).reload()],
      ['known hosts', () => app.get(DeviceService, { strict: false }).reloadKnownHosts()],
    ];
    for (const [what, step] of steps) {
      try {
        step();
      } catch (error) {
        logger.error(
          `Reload of ${what} failed: ${error instanceof Error ? error.message : 'unknown error'}`,
          'Reload',
        );
      }
    }
  };

  if (options.listen === false) {
    await app.init();
    return { app, config, url: '', shutdown, reload };
  }
  await app.listen(config.server.port, config.server.host);
  const address = app.getHttpServer().address() as AddressInfo;
  const scheme = httpsOptions === undefined ? 'http' : 'https';
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `${scheme}://${host === '0.0.0.0' ? '127.0.0.1' : host}:${address.port}`;
  return { app, config, url, shutdown, reload };
}

function validationFailure(errors: ValidationError[]): DomainError {
  const messages = flatten(errors);
  return new DomainError('INVALID_REQUEST', messages[0] ?? 'Invalid request', {
    details: { errors: messages },
  });
}

function flatten(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((error) => {
    const path = parent === '' ? error.property : `${parent}.${error.property}`;
    const own = Object.values(error.constraints ?? {}).map((message) =>
      message.replace(/^property (\S+) should not exist$/, `unknown field "${path}"`),
    );
    return [...own, ...flatten(error.children ?? [], path)];
  });
}

function setUpSwagger(app: INestApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('TriplePlay Sentinel')
      .setDescription(
        'Ping and traceroute from inside MikroTik RouterOS routers over SSH, as JSON metrics for Zabbix and API clients. ' +
          'Every error answers with the same envelope: `{ status: "error", error: { code, message, category, retryable }, timestamp, request_id, details }`.',
      )
      .setVersion(version())
      .addBearerAuth(
        { type: 'http', scheme: 'bearer', description: 'Authorization: Bearer <API key>' },
        'bearer',
      )
      .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key' }, 'api-key')
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
}

/** The package version, for Swagger and /api/health. */
export function version(): string {
  try {
    return (JSON.parse(readFileSync(`${__dirname}/../package.json`, 'utf8')) as { version: string })
      .version;
  } catch {
    return 'unknown';
  }
}
