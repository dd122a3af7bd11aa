// The package's own folder, found from this module's location. Works for the compiled tree
// (dist/...) and the kiosk bundle (dist/bundle/cli.js) alike, and under tests (src/...).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

export function packageRoot(): string {
  if (root) return root;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json')) || !existsSync(path.join(dir, 'checklists'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('counter-checklist: package folder not found');
    dir = up;
  }
  root = dir;
  return dir;
}

/** This program's version, from its package.json. */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}
