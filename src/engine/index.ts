/** The engine's public API for flows, the server and the CLI. See `docs/engine.md`. */
export { Engine, type EngineOptions, type EngineStats, type IngestExtras } from './engine.js';
export { MessageTypeRegistry, type MessageTypeDefinition, type ValidationResult } from './message-types.js';
export { dependencyMissing, heldFor, type Delivery, type DependencyRef, type FollowUp, type Handler, type HandlerFailure, type HandlerResult } from './handler.js';
export { rootIdempotencyKey, followUpIdempotencyKey, KFAX_IDEMPOTENCY_NAMESPACE } from './idempotency.js';
export { runAsLeader, type LeaderHandle, type LeaderOptions } from './leader.js';
export { DeadLetterQueue, type EditResult, type MessageDetails, type PayloadEdit } from './dead-letters.js';
export { TRANSITIONS, canTransition } from './state-machine.js';
export { DEFAULT_ENGINE_SETTINGS, DEFAULT_ENDPOINT_SETTINGS, resolveEndpointSettings, type EngineSettings, type EndpointSettings, type EndpointSettingsInput } from './settings.js';
export type { EngineEventMap, TransitionEvent, BreakerEvent, ProblemEvent } from './events.js';
export type { ShutdownReport } from './worker.js';
export type { InboundEvent, EnqueueRequest } from './inbox.js';
export { systemClock, type Clock } from './clock.js';
