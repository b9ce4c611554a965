import type { EndpointSettingsInput, EngineSettings } from '../engine/settings.js';
import type { KfaxConfig } from './schema.js';

/** The engine options of a validated configuration: `new Engine({ store, registry, ...engineOptionsFromConfig(config) })`. */
export function engineOptionsFromConfig(config: KfaxConfig): { settings: EngineSettings; endpoints: Record<string, EndpointSettingsInput> } {
  return { settings: config.engine, endpoints: config.endpoints };
}
