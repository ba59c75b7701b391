import { createHash } from 'node:crypto';

/** `SHA256:<base64 without padding>` of the raw host key blob: what `ssh-keygen -lf` prints. */
export function sha256Fingerprint(keyBlob: Buffer): string {
  const digest = createHash('sha256').update(keyBlob).digest('base64');
  return `SHA256:${digest.replace(/=+$/, '')}`;
}

/**
 * The canonical form of a configured fingerprint, so `SHA256:abc`, `sha256:abc=` and `abc`
 * compare equal. Base64 is case-sensitive, so only the prefix is case-folded.
 */
export function normalizeFingerprint(fingerprint: string): string {
  const bare = fingerprint
    .trim()
    .replace(/^sha256:/i, '')
    .replace(/=+$/, '');
  return `SHA256:${bare}`;
}
