import { AuditService } from '../audit/audit.service';
import { DomainError } from '../common/errors/domain.error';
import type { CallContext } from '../probe/probe.types';
import { AccessAudit } from './access.audit';
import { AuthEvents } from './auth.events';
import { ScopeService } from './scope.service';
import { RecordingAuditSink } from './testing/recording-audit.sink';

function setUp() {
  const sink = new RecordingAuditSink();
  const events = new AuthEvents();
  return {
    scopes: new ScopeService(new AccessAudit(new AuditService(sink), events)),
    sink,
    events,
  };
}

const scoped: CallContext = {
  requestId: 'r-1',
  sourceIp: '203.0.113.9',
  keyId: 'noc',
  deviceScopes: Object.freeze(['core-*']) as string[],
  targetScopes: Object.freeze(['10.0.0.0/8', '2001:db8::/32']) as string[],
};

function refusal(run: () => void): DomainError {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('ScopeService', () => {
  it('lets a key without scopes use any device and target', () => {
    const { scopes } = setUp();
    expect(() =>
      scopes.assertAllowed({ requestId: 'r', keyId: 'admin' }, 'anything', '8.8.8.8'),
    ).not.toThrow();
  });

  it('lets a scoped key use a device and target inside its scopes', () => {
    const { scopes } = setUp();
    expect(() => scopes.assertAllowed(scoped, 'core-1', '10.1.1.1')).not.toThrow();
    expect(() => scopes.assertAllowed(scoped, 'core-1', '2001:db8::53')).not.toThrow();
    expect(() => scopes.assertAllowed(scoped, 'core-2', undefined)).not.toThrow();
  });

  it('refuses a device outside the scope with FORBIDDEN, audited and counted', () => {
    const { scopes, sink, events } = setUp();
    const error = refusal(() => scopes.assertAllowed(scoped, 'edge-1', '10.1.1.1'));
    expect(error.code).toBe('FORBIDDEN');
    expect(error.details).toEqual({ device: 'edge-1' });
    expect(sink.ofType('authorization_denied')).toEqual([
      expect.objectContaining({
        key_id: 'noc',
        request_id: 'r-1',
        source_ip: '203.0.113.9',
        reason: 'scope',
        device: 'edge-1',
      }),
    ]);
    expect(events.counters.authorizationDenials).toBe(1);
  });

  it('refuses a target outside the scope, IPv6 included', () => {
    const { scopes } = setUp();
    expect(refusal(() => scopes.assertAllowed(scoped, 'core-1', '8.8.8.8')).details).toEqual({
      target: '8.8.8.8',
    });
    expect(refusal(() => scopes.assertAllowed(scoped, 'core-1', '2001:db9::1')).code).toBe(
      'FORBIDDEN',
    );
  });
});
