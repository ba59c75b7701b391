// The promises the reliability suite holds the service to, in one place: the specs assert them
// case by case, and the summary fails the run if any figure breaches them. They are generous for
// a loaded 2-core CI machine, yet far below what a hang, a leak or a crash would produce.

/** p99 of the mixed load (tests on the device, cache hits, health, metrics). */
export const LOAD_P99_MS = 1_500;
/** RSS growth of the app process over the measured part of the load. */
export const RSS_GROWTH_PERCENT = 10;
/** Healthy routers' p99 while another router hangs: their own p99 plus this. */
export const ISOLATION_EXTRA_MS = 500;
/** Caching must be back this long after Redis returns. */
export const REDIS_RECOVERY_MS = 5_000;
/** Property-based cases the fuzzing must run, at least. */
export const MIN_FUZZ_CASES = 3_000;
/** Router faults the suite injects (issue 7, item 1), plus the Redis outage. */
export const FAULTS_EXPECTED = 10;
