import { normalizeFingerprint, sha256Fingerprint } from './host-key.fingerprint';

// Public keys and the fingerprints `ssh-keygen -lf` printed for them.
const VECTORS = [
  {
    key: 'AAAAC3NzaC1lZDI1NTE5AAAAIEnPcpNwb2JVi04JI/cL+lMwmUeNIn/6DgI8DmDG33em',
    fingerprint: 'SHA256:dJ/xj1rEZJxAIqkJBumCqnSP20myy8qNBO6/P8cX9kU',
  },
  {
    key: 'AAAAB3NzaC1yc2EAAAADAQABAAAAgQCx1CLFpZeq29DV9DZME3Qa573eM9PNa6MTRIzc5+kMUacUymT9Y8z77BOPqQP3Q8jSPoVDaWDp36AtlKv+OOFoy2zzR4+5sJht6kJ/XeGiifwyb8NAjk9QdiMNJu3Pos70lp/gPMbv0XAoaaupeSPMTYCNGwgtMNNnthVNzMn8xQ==',
    fingerprint: 'SHA256:/6El2/dhzlC1104L7c+N8qmxGa1cbZmPydWEC0uBCS0',
  },
];

describe('host key fingerprints', () => {
  it.each(VECTORS)('match what ssh-keygen -lf prints ($fingerprint)', ({ key, fingerprint }) => {
    expect(sha256Fingerprint(Buffer.from(key, 'base64'))).toBe(fingerprint);
  });

  it('compare equal whatever prefix case or padding the operator typed', () => {
    const canonical = 'SHA256:dJ/xj1rEZJxAIqkJBumCqnSP20myy8qNBO6/P8cX9kU';
    expect(normalizeFingerprint(' sha256:dJ/xj1rEZJxAIqkJBumCqnSP20myy8qNBO6/P8cX9kU= ')).toBe(
      canonical,
    );
    expect(normalizeFingerprint('dJ/xj1rEZJxAIqkJBumCqnSP20myy8qNBO6/P8cX9kU')).toBe(canonical);
  });

  it('keep base64 case, which is significant', () => {
    expect(normalizeFingerprint('SHA256:ABC')).not.toBe(normalizeFingerprint('SHA256:abc'));
  });
});
