import request from 'supertest';
import { DASHBOARD_CSP } from '../../src/dashboard/dashboard.assets';
import { buildDashboard } from '../../src/dashboard/dashboard.build';
import { type Harness, startHarness } from '../support/harness';

// How the app serves the dashboard: without a key (the page holds no data), with a policy that
// allows no inline script, and nothing but the dashboard's own files.

describe('Serving the dashboard', () => {
  let app: Harness;

  beforeAll(async () => {
    await buildDashboard();
    app = await startHarness({ env: { RATE_LIMIT_ENABLED: 'false' } });
  }, 60_000);

  afterAll(async () => {
    await app.close();
  });

  it('answers the page at /dashboard without a key', async () => {
    const res = await request(app.url).get('/dashboard').expect(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.text).toContain('<script src="/dashboard/assets/app.js" defer></script>');
  });

  it.each([
    ['app.js', 'text/javascript; charset=utf-8'],
    ['app.css', 'text/css; charset=utf-8'],
  ])('answers /dashboard/assets/%s as %s', async (name, type) => {
    const res = await request(app.url).get(`/dashboard/assets/${name}`).expect(200);
    expect(res.headers['content-type']).toBe(type);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('sends a Content-Security-Policy that allows scripts and styles from this origin only', async () => {
    const res = await request(app.url).get('/dashboard').expect(200);
    const policy = String(res.headers['content-security-policy']);
    expect(policy).toBe(DASHBOARD_CSP);
    const directives = new Map(
      policy.split('; ').map((directive) => [directive.split(' ')[0], directive]),
    );
    expect(directives.get('script-src')).toBe("script-src 'self'");
    expect(directives.get('style-src')).toBe("style-src 'self'");
    expect(directives.get('connect-src')).toBe("connect-src 'self'");
    expect(directives.get('frame-ancestors')).toBe("frame-ancestors 'none'");
    // Served over plain HTTP inside a LAN, the page must still load its own files.
    expect(policy).not.toContain('upgrade-insecure-requests');
  });

  it.each([
    '/dashboard/assets/index.js',
    '/dashboard/assets/dashboard.build.js',
    '/dashboard/assets/..%2F..%2Fpackage.json',
    '/dashboard/assets/%2e%2e%2fdashboard.assets.js',
    '/dashboard/assets/__proto__',
  ])('answers 404 NOT_FOUND for %s, which is not a dashboard file', async (path) => {
    const res = await request(app.url).get(path).expect(404);
    expect(res.body).toMatchObject({ status: 'error', error: { code: 'NOT_FOUND' } });
  });
});
