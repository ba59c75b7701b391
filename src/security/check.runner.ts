import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs, parseEnv } from 'node:util';
import { type Configuration, loadConfiguration } from '../config/configuration';
import { ConfigError, type Env } from '../config/env.reader';
import { type InventoryEntry, loadInventory } from '../config/inventory.loader';
import {
  assertDistinctKeys,
  parseApiKeysEntries,
  parseApiKeysFile,
  parseLegacyApiKey,
} from '../auth/api-key.parser';
import {
  authentication,
  keyStrength,
  metricsAccess,
  rateLimits,
  redisPassword,
  requestCredentials,
  tls,
} from './check.controls';
import { auditForwarding, auditLog, filePermissions, hostKeys } from './check.files';
import {
  buildReport,
  type ControlResult,
  exitCode,
  renderJson,
  renderText,
  type Report,
} from './control.report';

export interface SecurityCheckInput {
  /** The process environment; it wins over the env file, as dotenv and compose do. */
  env: Env;
  /** A `.env` file to read settings from, and to check the permissions of. */
  envFile?: string;
  now?: Date;
}

/** The guidelines' compliance check over the configuration the service would start with. */
export function runSecurityCheck(input: SecurityCheckInput): Report {
  const fromFile = input.envFile === undefined ? {} : parseEnv(readFileSync(input.envFile, 'utf8'));
  const env: Env = { ...fromFile, ...input.env };
  const subject =
    input.envFile === undefined
      ? 'configuration from the environment'
      : `configuration from the environment and ${input.envFile}`;
  let config: Configuration;
  try {
    config = loadConfiguration(env);
  } catch (error) {
    // The service would not start at all; nothing else can be judged.
    return buildReport(
      'security:check',
      subject,
      [configurationFailure((error as Error).message)],
      input.now,
    );
  }
  // The service parses its keys and inventory at start too: a problem there stops it.
  let inventory: InventoryEntry[] = [];
  let fileKeys = 0;
  let startError: string | undefined;
  try {
    fileKeys = validateKeys(config);
    if (config.device.devicesFile !== undefined)
      inventory = loadInventory(config.device.devicesFile, env);
  } catch (error) {
    startError = (error as Error).message;
  }
  const controls: ControlResult[] = [
    startError === undefined
      ? {
          id: 'configuration',
          title: 'configuration valid',
          status: 'pass',
          detail: `every setting parses${inventory.length > 0 ? `; ${inventory.length} device(s) in the inventory` : ''}`,
        }
      : configurationFailure(startError),
    authentication(config),
    keyStrength(config, fileKeys),
    redisPassword(config),
    filePermissions(config, input.envFile),
    tls(config, input.now ?? new Date()),
    requestCredentials(config),
    hostKeys(config, inventory),
    auditLog(config),
    auditForwarding(config),
    rateLimits(config),
    metricsAccess(config),
  ];
  return buildReport('security:check', subject, controls, input.now);
}

/** Parses the keys as the auth module does at start; returns how many API_KEYS_FILE holds. */
function validateKeys(config: Configuration): number {
  const keys = parseApiKeysEntries(config.auth.apiKeys);
  if (config.auth.legacyApiKey !== undefined)
    keys.push(parseLegacyApiKey(config.auth.legacyApiKey));
  const file = config.auth.apiKeysFile;
  const fromFile = file === undefined ? [] : parseApiKeysFile(readKeysFile(file), file);
  assertDistinctKeys([...keys, ...fromFile]);
  return fromFile.length;
}

function readKeysFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(
      'API_KEYS_FILE',
      `cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`,
    );
  }
}

function configurationFailure(message: string): ControlResult {
  return {
    id: 'configuration',
    title: 'configuration valid',
    status: 'fail',
    detail: `the service would not start: ${message}`,
    remedy: 'fix the setting named above',
  };
}

const USAGE = `Usage: npm run security:check -- [--json] [--env-file PATH | --no-env-file]

Judges the configuration the service would start with (the environment, plus ./.env when it
exists) against the security guidelines: pass, warn or fail per control. Exit code 1 on any fail.
Inside the container: node dist/security/security-check.js
`;

/** The command line: arguments in, text out, exit code; the entry file only wires the process. */
export function securityCheckCli(
  argv: string[],
  env: Env,
  cwd: string,
): { exitCode: number; output: string } {
  let values: { json?: boolean; 'env-file'?: string; 'no-env-file'?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        json: { type: 'boolean' },
        'env-file': { type: 'string' },
        'no-env-file': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    return { exitCode: 2, output: `${(error as Error).message}\n\n${USAGE}` };
  }
  if (values.help === true) return { exitCode: 0, output: USAGE };
  const defaultEnvFile = resolve(cwd, '.env');
  let envFile: string | undefined;
  if (values['env-file'] !== undefined) {
    envFile = resolve(cwd, values['env-file']);
    if (!existsSync(envFile))
      return { exitCode: 2, output: `--env-file: ${envFile} does not exist\n` };
  } else if (values['no-env-file'] !== true && existsSync(defaultEnvFile)) {
    envFile = defaultEnvFile;
  }
  const report = runSecurityCheck({ env, envFile });
  return {
    exitCode: exitCode(report),
    output: values.json === true ? renderJson(report) : renderText(report),
  };
}
