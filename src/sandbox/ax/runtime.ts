import type { SandboxContext } from '../context.js';
import { PortCatalog } from './catalog.js';
import { defaultSettings, type AxSettings } from './settings.js';
import { AosState } from './state/aos.js';

/**
 * The mutable state of the AX sandbox: the AOS data, the settings and the port's service
 * catalog derived from them. `reset` reloads the data from the shared world and returns the
 * settings to their initial values.
 */
export class AxRuntime {
  aos: AosState;
  settings: AxSettings;
  catalog: PortCatalog;

  constructor(
    private readonly ctx: SandboxContext,
    private readonly initial: Partial<AxSettings> = {},
  ) {
    this.settings = { ...defaultSettings(), ...initial };
    this.catalog = new PortCatalog(this.settings);
    this.aos = new AosState(ctx.world, ctx.clock.nowMs());
  }

  /** Replaces the settings (already validated) and rebuilds the catalog. */
  setSettings(settings: AxSettings): void {
    this.settings = settings;
    this.catalog = new PortCatalog(settings);
  }

  reset(): void {
    this.setSettings({ ...defaultSettings(), ...this.initial });
    this.aos = new AosState(this.ctx.world, this.ctx.clock.nowMs());
  }
}
