import pino from 'pino';
import type { E2eLaunchers } from '../../bench/e2e/processes.js';
import { createKfaxApp } from '../../src/app/kfax-app.js';
import { loadConfig } from '../../src/config/load.js';
import { startSandbox } from '../../src/sandbox/sandbox.js';

/**
 * Sandboxes and kfax started in the test's own process (the `kfax bench` commands start them as
 * child processes of the build); their CPU time reads as 0.
 */
export const IN_PROCESS: E2eLaunchers = {
  async startSandbox(profile, seed) {
    const sandbox = await startSandbox({ profile, seed });
    return { endpoints: sandbox.endpoints, process: { cpuMicros: () => 0, stderrTail: () => '', stop: () => sandbox.close() } };
  },
  async startKfax(configPath) {
    const app = await createKfaxApp({ config: loadConfig({ path: configPath }), logger: pino({ level: 'silent' }) });
    await app.start();
    return { url: app.url(), process: { cpuMicros: () => 0, stderrTail: () => '', stop: () => app.stop() } };
  },
};
