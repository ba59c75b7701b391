import { DomainError } from '../common/errors/domain.error';
import { DeviceLimiter, type Release } from './device.limiter';

const never = new AbortController().signal;
const settled = () => new Promise((resolve) => setImmediate(resolve));

describe('DeviceLimiter', () => {
  it('admits up to the limit at once and queues the rest in arrival order', async () => {
    const limiter = new DeviceLimiter(10);
    const order: number[] = [];
    const first = await limiter.acquire('r:22', 2, never);
    const second = await limiter.acquire('r:22', 2, never);
    const waiting = [3, 4].map((n) =>
      limiter.acquire('r:22', 2, never).then((release) => (order.push(n), release)),
    );
    await settled();
    expect(order).toEqual([]);
    expect(limiter.snapshot()).toEqual({ 'r:22': { inFlight: 2, queued: 2 } });
    first();
    await settled();
    expect(order).toEqual([3]);
    second();
    const releases = await Promise.all(waiting);
    expect(order).toEqual([3, 4]);
    releases.forEach((release) => release());
    expect(limiter.snapshot()).toEqual({ 'r:22': { inFlight: 0, queued: 0 } });
  });

  it('keeps routers independent', async () => {
    const limiter = new DeviceLimiter(0);
    await limiter.acquire('a:22', 1, never);
    await expect(limiter.acquire('b:22', 1, never)).resolves.toEqual(expect.any(Function));
  });

  it('answers DEVICE_BUSY with a Retry-After once the queue is full', async () => {
    const limiter = new DeviceLimiter(1);
    await limiter.acquire('r:22', 1, never);
    void limiter.acquire('r:22', 1, never);
    const error = await limiter.acquire('r:22', 1, never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({
      code: 'DEVICE_BUSY',
      details: { in_flight: 1, queued: 1, max_sessions: 1 },
    });
    // No history yet: two waves of the 5 s default hold.
    expect((error as DomainError).retryAfterSeconds).toBe(10);
  });

  it('estimates Retry-After from how long sessions were held', async () => {
    jest.useFakeTimers();
    try {
      const limiter = new DeviceLimiter(0);
      const release = await limiter.acquire('r:22', 2, never);
      jest.advanceTimersByTime(1_200);
      release();
      await limiter.acquire('r:22', 2, never);
      await limiter.acquire('r:22', 2, never);
      const error = await limiter.acquire('r:22', 2, never).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'DEVICE_BUSY', retryAfterSeconds: 2 });
    } finally {
      jest.useRealTimers();
    }
  });

  it('lets a waiter whose deadline passes leave the queue with DEVICE_BUSY', async () => {
    const limiter = new DeviceLimiter(5);
    const held = await limiter.acquire('r:22', 1, never);
    const deadline = new AbortController();
    const waiting = limiter.acquire('r:22', 1, deadline.signal);
    const behind = limiter.acquire('r:22', 1, never);
    deadline.abort(new Error('deadline'));
    await expect(waiting).rejects.toMatchObject({
      code: 'DEVICE_BUSY',
      details: { queued_ms: expect.any(Number) },
    });
    expect(limiter.snapshot()['r:22'].queued).toBe(1);
    held();
    await expect(behind).resolves.toEqual(expect.any(Function));
  });

  it('uses the latest limit asked for a router', async () => {
    const limiter = new DeviceLimiter(0);
    await limiter.acquire('r:22', 1, never);
    await expect(limiter.acquire('r:22', 1, never)).rejects.toMatchObject({ code: 'DEVICE_BUSY' });
    await expect(limiter.acquire('r:22', 2, never)).resolves.toEqual(expect.any(Function));
  });

  it('ignores a second release of the same slot', async () => {
    const limiter = new DeviceLimiter(0);
    const release: Release = await limiter.acquire('r:22', 1, never);
    await limiter.acquire('r:22', 2, never);
    release();
    release();
    expect(limiter.snapshot()['r:22'].inFlight).toBe(1);
  });

  it('fails every waiter on shutdown', async () => {
    const limiter = new DeviceLimiter(5);
    await limiter.acquire('r:22', 1, never);
    const waiting = limiter.acquire('r:22', 1, never);
    limiter.rejectAll(new DomainError('DEVICE_BUSY', 'shutting down'));
    await expect(waiting).rejects.toMatchObject({ message: 'shutting down' });
  });
});
