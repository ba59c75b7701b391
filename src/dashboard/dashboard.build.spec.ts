import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDashboard } from './dashboard.build';

describe('The dashboard build', () => {
  let out: string;
  let script: string;
  let page: string;

  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), 'sentinel-dashboard-'));
    await buildDashboard(out);
    script = readFileSync(join(out, 'app.js'), 'utf8');
    page = readFileSync(join(out, 'index.html'), 'utf8');
  }, 60_000);

  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('bundles the client, uPlot and the styles into app.js and app.css', () => {
    expect(script).toMatch(/Includes uPlot \d+\.\d+\.\d+, \(c\) Leon Sorokin, MIT License/);
    const styles = readFileSync(join(out, 'app.css'), 'utf8');
    expect(styles).toContain('.uplot');
    expect(styles).toContain('.loss-legend');
  });

  it('writes no markup from strings: no innerHTML, outerHTML, insertAdjacentHTML, document.write or eval', () => {
    for (const sink of [
      'innerHTML',
      'outerHTML',
      'insertAdjacentHTML',
      'document.write',
      'eval(',
      'new Function',
    ]) {
      expect(script).not.toContain(sink);
    }
  });

  it('loads nothing from elsewhere: the page names only its own files', () => {
    expect(page).not.toMatch(/https?:\/\//);
    expect(script).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
    const sources = [...page.matchAll(/(?:src|href)="([^"]*)"/g)].map((match) => match[1]);
    expect(sources.sort()).toEqual([
      '/dashboard/assets/app.css',
      '/dashboard/assets/app.js',
      'data:,',
    ]);
  });

  it('has no inline script or style in the page', () => {
    expect(page).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(page).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i);
  });
});
