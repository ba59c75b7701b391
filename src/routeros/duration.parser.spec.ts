import { parseRouterOsDuration } from './duration.parser';

describe('parseRouterOsDuration', () => {
  it.each([
    ['43ms', 43],
    ['0ms', 0],
    ['10ms898us', 10.898],
    ['19ms38us', 19.038],
    ['10ms10us', 10.01],
    ['314us', 0.314],
    ['0.2ms', 0.2],
    ['107.6ms', 107.6],
    ['1.09ms', 1.09],
    ['1s', 1000],
    ['1s200ms', 1200],
    ['614ms933us', 614.933],
    ['5m00s', 300_000],
    ['13h59m53s', 50_393_000],
    ['10w2d6h21m59s', 6_243_719_000],
    ['01:22:53', 4_973_000],
    ['20.4', 20.4],
    ['1', 1],
    [' 9ms ', 9],
  ])('reads %j as %d milliseconds', (text, ms) => {
    expect(parseRouterOsDuration(text)).toBe(ms);
  });

  it('reads microseconds that are not zero padded as microseconds, not tenths', () => {
    // `19ms38us` is 19.038 ms, never 19.38 ms.
    expect(parseRouterOsDuration('19ms38us')).not.toBe(19.38);
  });

  it.each([
    '',
    '   ',
    'ms',
    'timeout',
    '-1ms',
    '1 ms',
    '1ms1ms',
    '1us1ms',
    '1s1m',
    '12abc',
    '1e3',
    'NaN',
    '0x10',
    '1,5ms',
    '100%',
  ])('rejects %j', (text) => {
    expect(parseRouterOsDuration(text)).toBeNull();
  });
});
