import { bootstrap } from './bootstrap';
import { ConfigError } from './config/env.reader';

async function main(): Promise<void> {
  const running = await bootstrap();
  console.log(
    `TriplePlay Sentinel listening on ${running.url} (Swagger UI: ${running.url}/api/docs)`,
  );
  const stop = (signal: string) => {
    console.log(`${signal} received: draining`);
    running.shutdown().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  process.on('SIGHUP', () => running.reload());
}

main().catch((error: unknown) => {
  // One clear line naming the variable; no stack trace.
  const message =
    error instanceof ConfigError
      ? `Invalid configuration: ${error.message}`
      : `Start failed: ${error instanceof Error ? error.message : String(error)}`;
  console.error(message);
  process.exit(1);
});
