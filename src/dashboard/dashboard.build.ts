import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';
import { DASHBOARD_CLIENT_DIR as CLIENT, DASHBOARD_PUBLIC_DIR } from './dashboard.paths';

/**
 * Bundles the dashboard (the client TypeScript, uPlot and the styles) into `outDir`: app.js,
 * app.css and index.html. Everything is local: the page loads nothing from elsewhere.
 */
export async function buildDashboard(outDir: string = DASHBOARD_PUBLIC_DIR): Promise<void> {
  await mkdir(outDir, { recursive: true });
  const uplot = JSON.parse(await readFile(require.resolve('uplot/package.json'), 'utf8')) as {
    version: string;
  };
  await build({
    entryPoints: { app: join(CLIENT, 'main.ts') },
    outdir: outDir,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: ['es2020'],
    minify: true,
    // uPlot's notice is not a /*! comment, so esbuild would drop it: keep the MIT attribution.
    banner: {
      js: `/*! TriplePlay Sentinel dashboard. Includes uPlot ${uplot.version}, (c) Leon Sorokin, MIT License. */`,
    },
    legalComments: 'eof',
    logLevel: 'warning',
    tsconfig: join(CLIENT, 'tsconfig.json'),
  });
  await copyFile(join(CLIENT, 'index.html'), join(outDir, 'index.html'));
}

// `node dist/dashboard/dashboard.build.js` after `nest build` (package.json "postbuild").
if (require.main === module) {
  buildDashboard().then(
    () => console.log(`Dashboard built into ${DASHBOARD_PUBLIC_DIR}`),
    (error: unknown) => {
      console.error(
        `Dashboard build failed: ${error instanceof Error ? error.message : String(error)}`,
      );
      process.exit(1);
    },
  );
}
