import { securityCheckCli } from './check.runner';

// The process boundary, like main.ts: the only place this command reads the environment.
const { exitCode, output } = securityCheckCli(process.argv.slice(2), process.env, process.cwd());
process.stdout.write(output);
process.exitCode = exitCode;
