import { position, tokenize } from './command.tokenizer';
import { parseDurationMs } from './duration.parser';

describe('command tokenizer', () => {
  it('splits words, name=value pairs and separators with their positions', () => {
    const result = tokenize('/tool traceroute 8.8.8.8 count=3; /system identity print');

    expect(result).toEqual({
      ok: true,
      tokens: [
        { kind: 'word', text: '/tool', start: 0, end: 5, quoted: false },
        { kind: 'word', text: 'traceroute', start: 6, end: 16, quoted: false },
        { kind: 'word', text: '8.8.8.8', start: 17, end: 24, quoted: false },
        { kind: 'arg', name: 'count', value: '3', start: 25, equals: 30, end: 32 },
        { kind: 'separator', start: 32 },
        { kind: 'word', text: '/system', start: 34, end: 41, quoted: false },
        { kind: 'word', text: 'identity', start: 42, end: 50, quoted: false },
        { kind: 'word', text: 'print', start: 51, end: 56, quoted: false },
      ],
    });
  });

  it('reads quoted values with escapes', () => {
    const result = tokenize('/ping "8.8.8.8" routing-table="a \\"b\\""');

    expect(
      result.ok &&
        result.tokens.map((token) =>
          'name' in token ? token.value : token.kind === 'word' ? token.text : ';',
        ),
    ).toEqual(['/ping', '8.8.8.8', 'a "b"']);
  });

  it('skips spaces after `=` and fails at the next `=`, as v7.23 does (column 37)', () => {
    expect(tokenize('/system note set note= show-at-login=yes')).toEqual({
      ok: false,
      error: 'expected end of command (line 1 column 37)',
    });
  });

  it('reports an unterminated quote as a syntax error at the quote', () => {
    expect(tokenize('/ping "8.8.8.8')).toEqual({
      ok: false,
      error: 'syntax error (line 1 column 7)',
    });
  });

  it('counts lines and columns from 1', () => {
    expect(position('abc\ndef', 5)).toBe('(line 2 column 2)');
    expect(position('/system routerboard print', 8)).toBe('(line 1 column 9)');
  });
});

describe('RouterOS time values', () => {
  it.each([
    ['1', 1000],
    ['0.2', 200],
    ['200ms', 200],
    ['1s', 1000],
    ['500ms', 500],
    ['1s500ms', 1500],
    ['2m', 120_000],
    ['250us', 0.25],
  ])('reads %s as %d ms', (text, ms) => {
    expect(parseDurationMs(text)).toBe(ms);
  });

  it.each(['', 'fast', '1x', '-1', 'ms', '1s fast'])('rejects %j', (text) => {
    expect(parseDurationMs(text)).toBeNull();
  });
});
