// Loaded into the app under test with `node --expose-gc -r <this> dist/main.js`: SIGUSR2 runs a
// full garbage collection, so the suite can read RSS without the sawtooth of a lazy GC.
process.on('SIGUSR2', () => {
  if (typeof global.gc === 'function') global.gc();
});
