/**
 * `server:` — kfax's HTTP server: webhook intake, health, metrics and the admin API.
 */
import { z } from 'zod';

export const serverSection = z
  .strictObject({
    host: z.string().min(1).default('127.0.0.1'),
    port: z.int().min(0).max(65_535).default(8080),
    /** Largest accepted webhook body. */
    bodyLimitBytes: z.int().min(1024).max(64 * 1024 * 1024).default(1024 * 1024),
    /** Bearer token for the admin API (`/api/*`); without it the admin API is off. */
    adminToken: z.string().min(16, 'must be at least 16 characters').optional(),
  })
  .prefault({});

/** The validated `server` section. */
export type ServerConfig = z.output<typeof serverSection>;
