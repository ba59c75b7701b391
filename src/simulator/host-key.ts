import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { utils, type ParsedKey } from 'ssh2';

/** A parsed host key and what clients see of it. */
export interface HostKey {
  readonly parsed: ParsedKey;
  /** `SHA256:` + unpadded base64 of the public key blob, as `ssh-keygen -lf` prints it. */
  readonly sha256: string;
}

// ssh2's typings say one key, but an OpenSSH file may hold several; it parses to an array then.
function parseOne(text: string, what: string): ParsedKey {
  const parsed: unknown = utils.parseKey(text);
  if (parsed instanceof Error) {
    throw new Error(`simulator ${what}: ${parsed.message}`);
  }
  return (Array.isArray(parsed) ? parsed[0] : parsed) as ParsedKey;
}

function parsePrivate(pem: string): ParsedKey {
  // ssh2 reads OpenSSH, PKCS#1 RSA and SEC1 EC private keys, not PKCS#8.
  const key = parseOne(pem, 'host key');
  if (!key.isPrivateKey()) {
    throw new Error('simulator host key: a private key is required');
  }
  return key;
}

/** The OpenSSH fingerprint of a public key blob. */
export function sha256Fingerprint(publicKeyBlob: Buffer): string {
  const digest = createHash('sha256').update(publicKeyBlob).digest('base64');
  return `SHA256:${digest.replace(/=+$/, '')}`;
}

function sshString(data: Buffer | string): Buffer {
  const bytes = typeof data === 'string' ? Buffer.from(data) : data;
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

function uint32(value: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(value);
  return bytes;
}

/**
 * A fresh ed25519 key pair as an unencrypted OpenSSH private key and a public key line. Built
 * here from node:crypto because ssh2's own generator drops a leading zero byte of the public key
 * about once in 300 keys, which it then cannot parse.
 */
export function generateEd25519(comment = 'simulated-router'): { private: string; public: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const seed = Buffer.from(String(privateKey.export({ format: 'jwk' }).d), 'base64url');
  const raw = Buffer.from(String(publicKey.export({ format: 'jwk' }).x), 'base64url');
  const blob = Buffer.concat([sshString('ssh-ed25519'), sshString(raw)]);
  const check = randomBytes(4).readUInt32BE();
  const secret = Buffer.concat([
    uint32(check),
    uint32(check),
    blob,
    sshString(Buffer.concat([seed, raw])),
    sshString(comment),
  ]);
  const padding = Buffer.from(
    Array.from({ length: (8 - (secret.length % 8)) % 8 }, (_, i) => i + 1),
  );
  const body = Buffer.concat([
    Buffer.from('openssh-key-v1\0'),
    sshString('none'),
    sshString('none'),
    sshString(''),
    uint32(1),
    sshString(blob),
    sshString(Buffer.concat([secret, padding])),
  ]).toString('base64');
  const lines = body.match(/.{1,70}/g) ?? [];
  return {
    private: `-----BEGIN OPENSSH PRIVATE KEY-----\n${lines.join('\n')}\n-----END OPENSSH PRIVATE KEY-----\n`,
    public: `ssh-ed25519 ${blob.toString('base64')} ${comment}`,
  };
}

/** Loads the given PEM, or makes a fresh ed25519 key. */
export function loadHostKey(pem?: string): HostKey {
  const parsed = parsePrivate(pem ?? generateEd25519().private);
  return { parsed, sha256: sha256Fingerprint(parsed.getPublicSSH()) };
}

/** Parses an OpenSSH public key line (`ssh-ed25519 AAAA... comment`) of an allowed user. */
export function parsePublicKey(line: string): ParsedKey {
  return parseOne(line, 'user public key');
}
