import { MinuteWindow } from './minute.window';

describe('MinuteWindow', () => {
  const MINUTE = 60_000;
  let now: number;
  const window = (minutes = 1440) =>
    new MinuteWindow(['ping', 'failed'] as const, minutes, () => now);

  beforeEach(() => {
    now = Date.UTC(2026, 0, 1, 12, 0, 30);
  });

  it('sums what was added within the window', () => {
    const counts = window();
    counts.add({ ping: 1 });
    counts.add({ ping: 2, failed: 1 });
    now += 30 * MINUTE;
    counts.add({ ping: 1 });
    expect(counts.totals()).toEqual({ ping: 4, failed: 1 });
  });

  it('forgets a minute exactly when it slides out of 24 hours', () => {
    const counts = window();
    counts.add({ ping: 5 });
    now += 1439 * MINUTE;
    expect(counts.totals().ping).toBe(5);
    now += MINUTE;
    expect(counts.totals().ping).toBe(0);
  });

  it('reuses a bucket when its minute comes round again, dropping the old count', () => {
    const counts = window(3);
    counts.add({ ping: 7 });
    now += 3 * MINUTE;
    counts.add({ ping: 1 });
    expect(counts.totals()).toEqual({ ping: 1, failed: 0 });
  });

  it('ignores buckets from the future after the clock steps back', () => {
    const counts = window();
    counts.add({ failed: 2 });
    now -= 10 * MINUTE;
    expect(counts.totals().failed).toBe(0);
  });

  it('keeps a fixed number of buckets however much is added', () => {
    const counts = window(60);
    for (let i = 0; i < 10_000; i += 1) {
      counts.add({ ping: 1 });
      now += 1_000;
    }
    // The last add was at 10 s into its minute: 59 full minutes plus 10 s of the current one.
    expect(counts.totals().ping).toBe(59 * 60 + 10);
  });
});
