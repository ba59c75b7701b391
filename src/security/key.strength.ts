/** The guidelines' floor for an API key or a shared secret: 128 bits of randomness. */
export const MIN_KEY_BITS = 128;

// Obvious placeholders that someone copied from an example instead of generating a key.
const PLACEHOLDER = /change.?me|replace|example|placeholder|your.?(api.?)?key|secret123|password/i;

export interface KeyStrength {
  bits: number;
  placeholder: boolean;
}

/**
 * An upper estimate of a secret's randomness: length x log2(alphabet), the alphabet guessed
 * from the characters used (hex, decimal, base64, or any printable). It cannot tell a random
 * key from a memorable one of the same shape, so it only ever rules keys out.
 */
export function estimateKeyStrength(secret: string): KeyStrength {
  // Base64 padding carries no randomness.
  const body = unrepeat(secret.replace(/=+$/, ''));
  return {
    bits: Math.floor(body.length * Math.log2(alphabetSize(body))),
    placeholder: PLACEHOLDER.test(secret),
  };
}

function alphabetSize(text: string): number {
  if (text.length === 0) return 1;
  if (/^\d+$/.test(text)) return 10;
  if (/^[0-9a-f]+$/.test(text) || /^[0-9A-F]+$/.test(text)) return 16;
  let size = 0;
  if (/[a-z]/.test(text)) size += 26;
  if (/[A-Z]/.test(text)) size += 26;
  if (/\d/.test(text)) size += 10;
  const symbols = text.replace(/[A-Za-z0-9]/g, '');
  // base64 and base64url add two symbols; anything else may use all 33 printable ones.
  if (symbols.length > 0) size += /^[-_+/]+$/.test(symbols) ? 2 : 33;
  return size;
}

// `abcabcabc` is as random as `abc`.
function unrepeat(text: string): string {
  const match = /^(.+?)\1+$/s.exec(text);
  return match === null ? text : match[1];
}
