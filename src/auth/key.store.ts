import { readFileSync } from 'node:fs';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { AuthConfig } from '../config/configuration';
import { ConfigError } from '../config/env.reader';
import {
  assertDistinctKeys,
  type KeyDefinition,
  MIN_SECRET_LENGTH,
  parseApiKeysEntries,
  parseApiKeysFile,
  parseLegacyApiKey,
  sha256Hex,
} from './api-key.parser';
import { KeyNotice } from './key.notice';
import type { Principal } from './principal';

/** What a presented key turned out to be. */
export interface KeyMatch {
  /** First 8 hex digits of the key's SHA-256 and `...`: how the audit trail names an unknown key. */
  fingerprint: string;
  principal?: Principal;
}

interface StoredKey {
  digest: Buffer;
  principal: Principal;
}

/**
 * The API keys, held only as SHA-256 digests, from `API_KEYS`, `API_KEYS_FILE` and `API_KEY`. With
 * auth on and no key configured it generates one admin key, shown once at start.
 *
 * `reload()` re-reads `API_KEYS_FILE` (bootstrap calls it on SIGHUP); a bad file keeps the keys in
 * use. Environment keys and the generated key last for the life of the process.
 */
@Injectable()
export class KeyStore implements OnApplicationBootstrap {
  private readonly logger = new Logger('KeyStore');
  private readonly fixed: KeyDefinition[];
  private keys: ReadonlyMap<string, StoredKey>;
  private generated?: string;

  constructor(
    private readonly config: AuthConfig,
    private readonly audit: AuditService,
    private readonly notice: KeyNotice,
  ) {
    this.fixed = [...parseApiKeysEntries(config.apiKeys)];
    if (config.legacyApiKey !== undefined) this.fixed.push(parseLegacyApiKey(config.legacyApiKey));
    const fromFile = config.apiKeysFile === undefined ? [] : readKeysFile(config.apiKeysFile);
    if (config.enabled && this.fixed.length + fromFile.length === 0) {
      this.generated = randomBytes(32).toString('base64url');
      this.fixed.push({
        id: 'generated-admin',
        role: 'admin',
        sha256: sha256Hex(this.generated),
        source: 'generated',
      });
    }
    this.keys = index([...this.fixed, ...fromFile]);
  }

  /**
   * The admin key generated at start because none was configured, for bootstrap or the demo to
   * use; undefined when keys are configured. It is printed once and written nowhere.
   */
  get generatedKey(): string | undefined {
    return this.generated;
  }

  /** How many keys are accepted now. */
  get size(): number {
    return this.keys.size;
  }

  onApplicationBootstrap(): void {
    if (!this.config.enabled) {
      this.logger.warn(
        'ENABLE_AUTH=false: every request is served as an anonymous admin. Do not expose this service.',
      );
      return;
    }
    if (
      this.config.legacyApiKey !== undefined &&
      this.config.legacyApiKey.length < MIN_SECRET_LENGTH
    ) {
      this.logger.warn(
        `API_KEY is shorter than ${MIN_SECRET_LENGTH} characters: it can be guessed`,
      );
    }
    this.logger.log(`${this.keys.size} API key(s) loaded`);
    if (this.generated !== undefined) this.notice.show(this.generated);
  }

  /**
   * Looks a presented key up by its SHA-256: one hash, one Map lookup. The digest is the Map key,
   * so the lookup's timing depends on a hash the caller cannot steer, not on the stored secrets;
   * the final comparison is constant-time all the same.
   */
  identify(presented: string): KeyMatch {
    const digest = createHash('sha256').update(presented, 'utf8').digest();
    const hex = digest.toString('hex');
    const stored = this.keys.get(hex);
    const matches = stored !== undefined && timingSafeEqual(stored.digest, digest);
    return {
      fingerprint: `${hex.slice(0, 8)}...`,
      principal: matches ? stored.principal : undefined,
    };
  }

  /**
   * Re-reads `API_KEYS_FILE`. On any problem the keys in use stay, an error is logged and
   * `config_reloaded` is audited with success false. Returns whether the new file is in use.
   */
  reload(): boolean {
    const file = this.config.apiKeysFile;
    if (file === undefined) return true;
    try {
      const next = index([...this.fixed, ...readKeysFile(file)]);
      this.keys = next;
      this.logger.log(`API_KEYS_FILE reloaded: ${next.size} API key(s)`);
      this.audit.record('config_reloaded', {
        file: 'API_KEYS_FILE',
        keys: next.size,
        success: true,
      });
      return true;
    } catch (error) {
      const reason = error instanceof ConfigError ? error.message : 'unreadable';
      this.logger.error(`API_KEYS_FILE reload failed, keeping the previous keys: ${reason}`);
      this.audit.record('config_reloaded', {
        file: 'API_KEYS_FILE',
        success: false,
        detail: reason,
      });
      return false;
    }
  }
}

function readKeysFile(file: string): KeyDefinition[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new ConfigError('API_KEYS_FILE', `cannot read ${file} (${code})`);
  }
  return parseApiKeysFile(text, file);
}

// Built whole and swapped in one assignment, so a request never sees half a reload.
function index(definitions: KeyDefinition[]): ReadonlyMap<string, StoredKey> {
  assertDistinctKeys(definitions);
  return new Map(
    definitions.map((key) => [
      key.sha256,
      {
        digest: Buffer.from(key.sha256, 'hex'),
        principal: Object.freeze({
          keyId: key.id,
          role: key.role,
          devices: freeze(key.devices),
          targets: freeze(key.targets),
        }),
      },
    ]),
  );
}

function freeze(list: string[] | undefined): string[] | undefined {
  // Frozen and shared by every request of the key: ScopeService caches its matchers by identity.
  return list === undefined ? undefined : (Object.freeze([...list]) as string[]);
}
