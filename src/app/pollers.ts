import type { Logger } from 'pino';
import type { KfaxConfig } from '../config/schema.js';
import type { KashflowConfig } from '../config/sections/kashflow.js';
import { connectKashflow, type KashflowConnection } from '../connectors/kashflow/client/connector.js';
import { PollerRunner, resolvePollerSettings } from '../connectors/kashflow/change-detection/index.js';
import type { Engine } from '../engine/engine.js';
import type { ServerMetrics } from '../server/index.js';

/** Pollers started by a kfax process. */
export interface RunningPollers {
  readonly runner: PollerRunner;
  stop(): Promise<void>;
}

/**
 * Starts KashFlow change detection. It runs on the one process that holds the poller
 * leadership in this store; the others stand by. The pollers get their own KashFlow connection
 * so the requests each sweep reports are its own.
 */
export function startPollers(options: { config: KfaxConfig; kashflow: KashflowConfig; engine: Engine; metrics: ServerMetrics; logger: Logger }): RunningPollers {
  const { kashflow, config } = options;
  const { enabled, hotIntervalSeconds, hotWindowDays, fullIntervalSeconds, customersIntervalSeconds, perPage, ...extras } = kashflow.polling;
  const settings = resolvePollerSettings({ enabled, hotIntervalSeconds, hotWindowDays, fullIntervalSeconds, customersIntervalSeconds, perPage }, config.flows.invoiceTrigger, extras);
  const connection: KashflowConnection = connectKashflow({ restUrl: kashflow.restUrl, soapUrl: kashflow.soapUrl, credentials: { username: kashflow.username, password: kashflow.password, memorableWord: kashflow.memorableWord }, ...(kashflow.soapPassword ? { soapPassword: kashflow.soapPassword } : {}), connections: Math.min(4, kashflow.connections), timeoutMs: kashflow.timeoutMs });
  const runner = new PollerRunner({
    connection,
    engine: options.engine,
    settings,
    onReport: (report) => {
      options.metrics.recordSweep({ poller: `kashflow-${report.entity}s`, kind: report.kind, durationMs: report.durationMs, requests: report.requests, changed: report.changed, listed: report.listed, ok: report.errors.length === 0 });
      options.logger.info({ sweep: report.kind, entity: report.entity, requests: report.requests, listed: report.listed, changed: report.changed, ingested: report.ingested, errors: report.errors.length, ms: report.durationMs }, 'KashFlow sweep');
    },
  });
  runner.start();
  return {
    runner,
    async stop() {
      await runner.stop();
      await connection.close();
    },
  };
}
