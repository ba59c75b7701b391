import { securityValidateCli } from './validate.runner';

// The process boundary: arguments in, report out, exit code.
securityValidateCli(process.argv.slice(2), process.cwd()).then(
  ({ exitCode, output }) => {
    process.stdout.write(output);
    process.exitCode = exitCode;
  },
  (error: unknown) => {
    process.stderr.write(`security:validate: ${String(error)}\n`);
    process.exitCode = 2;
  },
);
