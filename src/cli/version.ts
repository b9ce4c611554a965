import { readFileSync } from 'node:fs';

/** The installed kfax version, read from package.json next to the build. */
export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
  return pkg.version ?? '0.0.0';
}
