import { randomBytes } from 'node:crypto';
import { estimateKeyStrength, MIN_KEY_BITS } from './key.strength';

describe('estimateKeyStrength', () => {
  it('gives 32 random hex characters exactly the 128 bits the guidelines ask for', () => {
    expect(estimateKeyStrength(randomBytes(16).toString('hex')).bits).toBe(MIN_KEY_BITS);
  });

  it('counts base64 from `openssl rand -base64 32` at six bits a character, padding excluded', () => {
    const key = randomBytes(32).toString('base64');
    expect(estimateKeyStrength(key).bits).toBeGreaterThanOrEqual(240);
    expect(estimateKeyStrength(key).bits).toBeLessThanOrEqual(264);
  });

  it('rates a short word-like key far below the floor', () => {
    expect(estimateKeyStrength('zabbix2024').bits).toBeLessThan(MIN_KEY_BITS);
  });

  it('rates a long key made of one repeated chunk by the chunk alone', () => {
    expect(estimateKeyStrength('ab12'.repeat(40)).bits).toBeLessThan(MIN_KEY_BITS);
  });

  it('rates a long run of one digit as next to nothing', () => {
    expect(estimateKeyStrength('0'.repeat(64)).bits).toBeLessThan(8);
  });

  it('flags values copied from an example as placeholders', () => {
    expect(estimateKeyStrength('replace-with-openssl-rand-hex-32').placeholder).toBe(true);
    expect(estimateKeyStrength(randomBytes(24).toString('hex')).placeholder).toBe(false);
  });
});
