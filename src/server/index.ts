/** kfax's HTTP server (see `docs/server.md`). */
export { createServer, type KfaxServer, type ServerOptions } from './server.js';
export { ServerMetrics, type SweepReport, type WebhookOutcome } from './metrics.js';
export type { ReadinessCheck, DependencyStatus } from './health.js';
export { enabledSources, WEBHOOK_ROUTE } from './webhooks/intake.js';
export type { WebhookSource, WebhookDelivery, WebhookInterpretation } from './webhooks/source.js';
export { signKfax, signShopify, signStripe, verifyKfax, verifyShopify, verifyStripe } from './webhooks/signatures.js';
