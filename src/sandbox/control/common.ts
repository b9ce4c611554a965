import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { faultRuleSchema } from '../faults/injector.js';
import { BUILT_IN_PROFILES, builtInProfile, faultProfileSchema, systemFaultsSchema } from '../faults/profiles.js';
import { CONTROL_PREFIX, type SandboxContext } from '../context.js';

const profileBody = z.union([
  z.object({ name: z.enum(Object.keys(BUILT_IN_PROFILES) as [string, ...string[]]), kashflow: systemFaultsSchema.partial().optional(), ax: systemFaultsSchema.partial().optional() }).strict(),
  faultProfileSchema,
]);

const clockBody = z
  .object({
    /** Pin the clock to this instant (ISO date or date-time). */
    at: z.string().datetime({ offset: true }).or(z.string().regex(/^\d{4}-\d{2}-\d{2}$/)).optional(),
    /** Move the clock by this many milliseconds. */
    advanceMs: z.number().int().optional(),
    /** Return to real time. */
    release: z.literal(true).optional(),
  })
  .strict();

/**
 * Registers control routes in their own encapsulated scope that parses JSON bodies
 * (the sandbox servers themselves read raw bodies).
 */
export function registerControlScope(app: FastifyInstance, register: (scope: FastifyInstance) => void): void {
  void app.register(async (scope) => {
    // The servers' own string parser for JSON (see createSandboxApp) gives way to this one here.
    if (scope.hasContentTypeParser('application/json')) scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
      const text = String(body);
      if (text.trim() === '') return done(null, undefined);
      try {
        done(null, JSON.parse(text));
      } catch (err) {
        done(Object.assign(new Error(`malformed JSON: ${(err as Error).message}`), { statusCode: 400 }));
      }
    });
    register(scope);
  });
}

/** Sends a 400 naming each invalid field. */
export function sendValidationError(reply: FastifyReply, error: z.ZodError): FastifyReply {
  return reply.code(400).send({ error: 'invalid_request', issues: error.issues.map((i) => ({ path: i.path.join('.') || '(body)', message: i.message })) });
}

/**
 * Control routes shared by both sandbox servers: health, fault profile and scripted
 * faults, the clock, and reset. They act on the shared {@link SandboxContext}, so either
 * server's control API can drive both sandboxes.
 */
export function registerCommonControlRoutes(app: FastifyInstance, ctx: SandboxContext, system: 'kashflow' | 'ax', resetAll: (seed?: number) => void): void {
  const p = CONTROL_PREFIX;
  app.get(`${p}/health`, async () => ({ ok: true, system, seed: ctx.world.seed, profile: ctx.faults.currentProfile().name }));

  app.get(`${p}/faults`, async () => ({ profile: ctx.faults.currentProfile(), rules: ctx.faults.listRules(), stats: { kashflow: ctx.faults.statsFor('kashflow'), ax: ctx.faults.statsFor('ax') } }));

  app.put(`${p}/faults/profile`, async (req, reply) => {
    const parsed = profileBody.safeParse(req.body);
    if (!parsed.success) return sendValidationError(reply, parsed.error);
    const body = parsed.data;
    if ('kashflow' in body && 'ax' in body && body.kashflow && body.ax && isFull(body)) {
      ctx.faults.setProfile(faultProfileSchema.parse(body));
    } else {
      const base = builtInProfile(body.name);
      ctx.faults.setProfile({ name: body.name, kashflow: { ...base.kashflow, ...(body.kashflow ?? {}) }, ax: { ...base.ax, ...(body.ax ?? {}) } });
    }
    return ctx.faults.currentProfile();
  });

  app.post(`${p}/faults/rules`, async (req, reply) => {
    const list = Array.isArray(req.body) ? req.body : [req.body];
    const parsed = z.array(faultRuleSchema).min(1).max(100).safeParse(list);
    if (!parsed.success) return sendValidationError(reply, parsed.error);
    return reply.code(201).send(parsed.data.map((r) => ctx.faults.addRule(r)));
  });

  app.delete(`${p}/faults/rules`, async (_req, reply) => {
    ctx.faults.clearRules();
    return reply.code(204).send();
  });

  app.delete(`${p}/faults/stats`, async (_req, reply) => {
    ctx.faults.resetStats();
    return reply.code(204).send();
  });

  app.get(`${p}/clock`, async () => ctx.clock.describe());

  app.put(`${p}/clock`, async (req, reply) => {
    const parsed = clockBody.safeParse(req.body ?? {});
    if (!parsed.success) return sendValidationError(reply, parsed.error);
    const b = parsed.data;
    if (b.release) ctx.clock.pin(undefined);
    if (b.at !== undefined) ctx.clock.pin(new Date(b.at.length === 10 ? `${b.at}T12:00:00Z` : b.at));
    if (b.advanceMs !== undefined) ctx.clock.advance(b.advanceMs);
    return ctx.clock.describe();
  });

  app.post(`${p}/reset`, async (req, reply) => {
    const parsed = z.object({ seed: z.number().int().min(0).max(2 ** 31 - 1).optional() }).strict().safeParse(req.body ?? {});
    if (!parsed.success) return sendValidationError(reply, parsed.error);
    resetAll(parsed.data.seed);
    return { ok: true, seed: ctx.world.seed };
  });
}

function isFull(body: object): boolean {
  return faultProfileSchema.safeParse(body).success;
}
