import { createHash } from 'node:crypto';
import type { ResolvedDevice } from './device.resolver';
import type { TestPlan } from './test.plan';

/**
 * The cache key covers the device, the test and every parameter that changes the result. For
 * request credentials the device identity includes a hash of them, so a caller with a wrong
 * password can never be answered from a cache entry made with the right one.
 */
export function cacheKey(device: ResolvedDevice, plan: TestPlan): string {
  const material = JSON.stringify([
    device.identity,
    plan.testType,
    plan.target,
    plan.parameters,
    plan.srcAddress ?? null,
    plan.routingTable ?? null,
  ]);
  return `${plan.testType}_${createHash('sha256').update(material).digest('hex').slice(0, 32)}`;
}
