// Field names whose values are secrets wherever they appear.
const SECRET_FIELD =
  /pass(word|phrase)?|secret|private_?key|api_?key|authorization|token|credential/i;
// Values that look like secrets even under an innocent name.
const SECRET_VALUE = /-----BEGIN [A-Z ]*PRIVATE KEY-----/;

/** A deep copy with secret-looking fields replaced, so no sink ever sees a password or key. */
export function redactSecrets<T>(value: T): T {
  return redact(value, 0) as T;
}

function redact(value: unknown, depth: number): unknown {
  if (depth > 8) return '[truncated]';
  if (typeof value === 'string') return SECRET_VALUE.test(value) ? '[redacted]' : value;
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  if (value !== null && typeof value === 'object') {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      copy[key] =
        SECRET_FIELD.test(key) && key !== 'api_key_id' ? '[redacted]' : redact(item, depth + 1);
    }
    return copy;
  }
  return value;
}
