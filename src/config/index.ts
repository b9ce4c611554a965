export { loadConfig, parseConfigText, validateConfig, DEFAULT_CONFIG_FILE, type ConfigIssue, type LoadConfigOptions } from './load.js';
export { kfaxConfigSchema, CONFIG_SECTIONS, type KfaxConfig } from './schema.js';
export { redactSecrets, redactUrl } from './redact.js';
export { resolveConfig, openConfiguredStore, type StoreSelection } from './store-target.js';
export { engineOptionsFromConfig } from './engine-options.js';
