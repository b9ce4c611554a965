import type { AddressInfo } from 'node:net';
import { createAxServer } from './ax/server.js';
import { SandboxClock } from './clock.js';
import { CONTROL_PREFIX, type SandboxContext, type SandboxServer } from './context.js';
import { FaultInjector } from './faults/injector.js';
import { builtInProfile, type FaultProfile } from './faults/profiles.js';
import { createKashflowServer } from './kashflow/server.js';
import { buildWorld, type WorldOptions } from './seed/world.js';

/** Options of {@link startSandbox}. */
export interface SandboxOptions extends WorldOptions {
  /** Fault/latency profile name or a full profile. Default `fast`. */
  profile?: string | FaultProfile;
  /** Interface to bind. Default 127.0.0.1. */
  host?: string;
  /** KashFlow port (0 = any free port). Default 0. */
  kashflowPort?: number;
  /** AX port (0 = any free port). Default 0. */
  axPort?: number;
}

/** Where a running pair of sandboxes can be reached, as printed by `kfax sandbox --json`. */
export interface SandboxEndpoints {
  kashflow: { restUrl: string; soapUrl: string; username: string; password: string; memorableWord: string };
  ax: { url: string; wsdlUrl: string; company: string; domain: string; username: string; password: string; port: string };
  control: { kashflowUrl: string; axUrl: string; profile: string; seed: number };
}

/** A running pair of sandboxes. */
export interface RunningSandbox {
  readonly endpoints: SandboxEndpoints;
  readonly context: SandboxContext;
  /** Reseeds both sandboxes (optionally with a new seed). */
  reset(seed?: number): void;
  close(): Promise<void>;
}

/** Starts the KashFlow and AX sandboxes on local ports with one shared seeded world. */
export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const seed = options.seed ?? 1;
  const clock = new SandboxClock();
  if (options.today) clock.pin(new Date(`${options.today}T12:00:00Z`));
  const profile = typeof options.profile === 'object' ? options.profile : builtInProfile(options.profile ?? 'fast');
  const ctx: SandboxContext = { world: buildWorld({ ...options, seed, today: clock.today() }), faults: new FaultInjector(profile, seed), clock };
  const servers: SandboxServer[] = [];
  const resetAll = (newSeed?: number): void => {
    ctx.world = buildWorld({ ...options, seed: newSeed ?? ctx.world.seed, today: clock.today() });
    ctx.faults.clearRules();
    ctx.faults.resetStats();
    for (const s of servers) s.reset();
  };
  const kashflow = createKashflowServer(ctx, { resetAll });
  const ax = createAxServer(ctx, { resetAll });
  servers.push(kashflow, ax);
  const host = options.host ?? '127.0.0.1';
  try {
    await kashflow.app.listen({ host, port: options.kashflowPort ?? 0 });
    await ax.app.listen({ host, port: options.axPort ?? 0 });
  } catch (err) {
    await Promise.allSettled([kashflow.app.close(), ax.app.close()]);
    throw err;
  }
  const kfBase = baseUrl(host, kashflow.app.server.address() as AddressInfo);
  const axBase = baseUrl(host, ax.app.server.address() as AddressInfo);
  const user = ctx.world.ax.users[0];
  if (!user) throw new Error('seed has no AX user');
  const creds = ctx.world.kashflow.credentials;
  const endpoints: SandboxEndpoints = {
    kashflow: { restUrl: `${kfBase}/v2`, soapUrl: `${kfBase}/api/service.asmx`, username: creds.username, password: creds.password, memorableWord: creds.memorableWord },
    ax: { url: `${axBase}/MicrosoftDynamicsAXAif60/${ctx.world.ax.portName}/xppservice.svc`, wsdlUrl: `${axBase}/MicrosoftDynamicsAXAif60/${ctx.world.ax.portName}/xppservice.svc?wsdl`, company: user.defaultCompany, domain: user.domain, username: user.username, password: user.password, port: ctx.world.ax.portName },
    control: { kashflowUrl: `${kfBase}${CONTROL_PREFIX}`, axUrl: `${axBase}${CONTROL_PREFIX}`, profile: profile.name, seed },
  };
  return {
    endpoints,
    context: ctx,
    reset: resetAll,
    async close() {
      await Promise.allSettled([kashflow.app.close(), ax.app.close()]);
    },
  };
}

function baseUrl(host: string, addr: AddressInfo): string {
  const h = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return `http://${h}:${addr.port}`;
}
