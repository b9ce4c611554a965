import type { FastifyInstance } from 'fastify';
import type { SandboxClock } from './clock.js';
import type { FaultInjector } from './faults/injector.js';
import type { World } from './seed/types.js';

/** Shared state of one running pair of sandboxes. */
export interface SandboxContext {
  /** The current seeded world (replaced on reset). */
  world: World;
  readonly faults: FaultInjector;
  readonly clock: SandboxClock;
}

/** One sandbox HTTP server and how to reseed it. */
export interface SandboxServer {
  readonly app: FastifyInstance;
  /** Drops all state and reloads it from `ctx.world`. */
  reset(): void;
}

/** Path prefix of the control/inspection API on both sandbox servers. */
export const CONTROL_PREFIX = '/_sandbox';
