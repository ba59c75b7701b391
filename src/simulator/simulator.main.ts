import { scenarioFromArgs, startScenario, USAGE } from './simulator.cli';

// Standalone runner: `node dist/simulator/simulator.main.js --count 100 --format v6`.
// Benchmarks run the devices in their own process so the collector's event loop is measured alone.
async function main(): Promise<void> {
  let scenario: ReturnType<typeof scenarioFromArgs>;
  try {
    scenario = scenarioFromArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  if (scenario === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const running = await startScenario(scenario);
  process.stdout.write(`${JSON.stringify(running.ready)}\n`);

  let stopping = false;
  const shutdown = (): void => {
    if (stopping) {
      return;
    }
    stopping = true;
    void running.stop().then(() => {
      process.stdout.write(`${JSON.stringify({ event: 'stopped' })}\n`);
    });
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

main().catch((error: unknown) => {
  process.stderr.write(`simulator: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
