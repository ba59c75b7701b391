import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Injectable, StreamableFile } from '@nestjs/common';
import type { Response } from 'express';
import { DomainError } from '../common/errors/domain.error';
import { DASHBOARD_PUBLIC_DIR } from './dashboard.paths';

/** The files the dashboard is made of; nothing else is ever read from disk. */
const ASSETS: Readonly<Record<string, string>> = {
  'index.html': 'text/html; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'app.css': 'text/css; charset=utf-8',
};

/**
 * Stricter than the API's policy: scripts and styles only from this origin (uPlot styles through
 * the CSSOM, which CSP allows), API calls only to this origin, no frames, no plugins. No
 * upgrade-insecure-requests: a dashboard reached over plain HTTP must still load its own files.
 */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Serves the built dashboard files (dist/dashboard/public), each read once. */
@Injectable()
export class DashboardAssets {
  private readonly files = new Map<string, Buffer>();

  /** Sends one dashboard file; NOT_FOUND for any other name or when the dashboard is not built. */
  async serve(name: string, res: Response): Promise<StreamableFile> {
    const type = Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined;
    if (type === undefined) throw new DomainError('NOT_FOUND', 'No such dashboard file');
    const body = await this.read(name);
    res.set({
      'Content-Type': type,
      'Cache-Control': 'no-cache',
      'Content-Security-Policy': DASHBOARD_CSP,
      'X-Content-Type-Options': 'nosniff',
    });
    return new StreamableFile(body);
  }

  private async read(name: string): Promise<Buffer> {
    const cached = this.files.get(name);
    if (cached !== undefined) return cached;
    try {
      const body = await readFile(join(DASHBOARD_PUBLIC_DIR, name));
      this.files.set(name, body);
      return body;
    } catch {
      throw new DomainError('NOT_FOUND', 'The dashboard is not built: run "npm run build"');
    }
  }
}
