import { readFileSync } from 'node:fs';

/** The installed kfax version, read from package.json next to the build. */
export function packageVersion(): string {
  // dist/src/cli/version.js → package.json three levels up (src/cli/version.ts two levels up under tests).
  for (const rel of ['../../../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'kfax') return pkg.version ?? '0.0.0';
    } catch {
      // try the next location
    }
  }
  return '0.0.0';
}
