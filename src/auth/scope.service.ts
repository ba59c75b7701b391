import { Injectable } from '@nestjs/common';
import { DomainError } from '../common/errors/domain.error';
import type { CallContext } from '../probe/probe.types';
import { AccessAudit } from './access.audit';
import { compileDeviceScope, compileTargetScope, type ScopeMatcher } from './scope.matcher';

/**
 * Key scopes from API_KEYS_FILE: which devices (name globs) and targets (CIDRs, names, globs) a
 * key may use. Checked before anything reaches a router; a key without scopes may use anything.
 */
@Injectable()
export class ScopeService {
  // A key's scope lists are frozen arrays shared by all its requests, so each compiles once.
  private readonly devices = new WeakMap<readonly string[], ScopeMatcher>();
  private readonly targets = new WeakMap<readonly string[], ScopeMatcher>();

  constructor(private readonly audit: AccessAudit) {}

  /** Throws FORBIDDEN (and audits authorization_denied) when the device or target is out of scope. */
  assertAllowed(context: CallContext, device: string, target: string | undefined): void {
    const { deviceScopes, targetScopes } = context;
    if (
      deviceScopes !== undefined &&
      !matcher(this.devices, deviceScopes, compileDeviceScope)(device)
    ) {
      this.deny(context, 'device', device);
    }
    if (
      target !== undefined &&
      targetScopes !== undefined &&
      !matcher(this.targets, targetScopes, compileTargetScope)(target)
    ) {
      this.deny(context, 'target', target);
    }
  }

  private deny(context: CallContext, what: 'device' | 'target', value: string): never {
    this.audit.denied(
      { request_id: context.requestId, source_ip: context.sourceIp, key_id: context.keyId },
      'scope',
      `${what} ${value} is outside the key's scope`,
      { [what]: value },
    );
    throw new DomainError('FORBIDDEN', `This API key may not use this ${what}`, {
      details: { [what]: value },
    });
  }
}

function matcher(
  cache: WeakMap<readonly string[], ScopeMatcher>,
  scopes: readonly string[],
  compile: (entries: readonly string[]) => ScopeMatcher,
): ScopeMatcher {
  let match = cache.get(scopes);
  if (match === undefined) {
    match = compile(scopes);
    cache.set(scopes, match);
  }
  return match;
}
