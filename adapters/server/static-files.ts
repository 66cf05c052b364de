import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { packageRoot } from './package-root.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/**
 * Serves the dashboards: HTML and CSS from dashboards/, compiled scripts from dist/pages/dashboards/ (dashboards/tsconfig.json: rootDir .. so pages import the feed protocol types from adapters/server/feed-protocol.ts).
 * Paths are confined to those two folders.
 */
export async function serveDashboardFile(urlPath: string, response: ServerResponse): Promise<boolean> {
  const root = packageRoot();
  const relative = normalize(decodeURIComponent(urlPath)).replace(/^([/\\])+/, '');
  if (relative.split(sep).includes('..')) return false;
  const candidates = extname(relative) === '.js' ? [join(root, 'dist', 'pages', 'dashboards', relative)] : [join(root, 'dashboards', relative)];
  for (const file of candidates) {
    try {
      const body = await readFile(file);
      response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
      response.end(body);
      return true;
    } catch {
      // try the next place
    }
  }
  return false;
}
