import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { scenarioFromArgs, startScenario, USAGE, type RunningScenario } from './simulator.cli';

// Standalone runner: `node dist/simulator/simulator.main.js --count 100 --format v6`.
// Benchmarks run the devices in their own process so the collector's event loop is measured alone.
async function main(): Promise<void> {
  let scenario: ReturnType<typeof scenarioFromArgs>;
  let statsPort: number | undefined;
  try {
    const { port, rest } = takeStatsPort(process.argv.slice(2));
    statsPort = port;
    scenario = scenarioFromArgs(rest);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  if (scenario === 'help') {
    process.stdout.write(
      `${USAGE}\n  --stats-port P      loopback HTTP GET / with every router's counters (0 = any port)\n`,
    );
    return;
  }
  const running = await startScenario(scenario);
  const stats = statsPort === undefined ? undefined : await serveStats(running, statsPort);
  const statsUrl =
    stats === undefined
      ? {}
      : { statsUrl: `http://127.0.0.1:${(stats.address() as AddressInfo).port}/` };
  process.stdout.write(`${JSON.stringify({ ...running.ready, ...statsUrl })}\n`);

  let stopping = false;
  const shutdown = (): void => {
    if (stopping) {
      return;
    }
    stopping = true;
    stats?.close();
    void running.stop().then(() => {
      process.stdout.write(`${JSON.stringify({ event: 'stopped' })}\n`);
    });
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

// `--stats-port` belongs to this runner, not to the scenario: taken out before the scenario flags.
function takeStatsPort(argv: string[]): { port?: number; rest: string[] } {
  const at = argv.findIndex((arg) => arg === '--stats-port' || arg.startsWith('--stats-port='));
  if (at === -1) return { rest: argv };
  const inline = argv[at].startsWith('--stats-port=');
  const value = inline ? argv[at].slice('--stats-port='.length) : argv[at + 1];
  const port = Number(value);
  if (value === undefined || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error('--stats-port must be a port number 0-65535');
  }
  const rest = [...argv];
  rest.splice(at, inline ? 1 : 2);
  return { port, rest };
}

// Counters for benchmarks: handshakes (does the client pool?) and commands received (coalescing).
async function serveStats(running: RunningScenario, port: number): Promise<Server> {
  const server = createServer((_req, res) => {
    const routers = running.routers.map((router, index) => ({
      name: running.ready.routers[index].name,
      port: running.ready.routers[index].port,
      ...router.stats,
      received: router.received.length,
    }));
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify({ routers }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return server;
}

main().catch((error: unknown) => {
  process.stderr.write(`simulator: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
