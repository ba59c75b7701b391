import { join } from 'node:path';

// Both resolve from this file, so they hold whether the app runs from src/ (specs, through
// ts-jest) or from dist/ (npm run build, the image): <root>/src/dashboard or <root>/dist/dashboard.
const ROOT = join(__dirname, '..', '..');

/** The dashboard's TypeScript, styles and page. */
export const DASHBOARD_CLIENT_DIR = join(ROOT, 'src', 'dashboard', 'client');

/** Where the build puts the dashboard and the app serves it from (gitignored, like all of dist/). */
export const DASHBOARD_PUBLIC_DIR = join(ROOT, 'dist', 'dashboard', 'public');
