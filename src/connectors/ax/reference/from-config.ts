import { KfaxError } from '../../../errors/kfax-error.js';
import { loadConfig } from '../../../config/load.js';
import { axClientFromConfig } from '../writer/connect.js';
import { LiveAxReferenceData, type LiveReferenceOptions } from './live-reference.js';

/** Live reference data opened from a `kfax.yaml`, with the mapping file it names. */
export interface ConfiguredReference {
  readonly reference: LiveAxReferenceData;
  /** `mapping.file` of the configuration (relative paths are relative to the working directory, like every path in kfax.yaml). */
  readonly mappingFile: string;
  /** Where the data came from (no secrets). */
  readonly source: { readonly url: string; readonly company: string };
  close(): Promise<void>;
}

/**
 * Reads the `ax:` section of a kfax.yaml (secrets through `${ENV}` or `*File` as usual) and
 * loads the AX company's reference data through its AIF port.
 */
export async function loadReferenceFromConfig(configPath: string, options: Partial<LiveReferenceOptions> = {}): Promise<ConfiguredReference> {
  const config = loadConfig({ path: configPath });
  if (!config.ax) throw new KfaxError('KFAX_CONFIG_INVALID', [`${configPath}: ax`, 'reading reference data from AX needs an ax: section (url, company, auth)']);
  const { transport, client } = axClientFromConfig(config.ax);
  try {
    const reference = await LiveAxReferenceData.load(client, { language: config.ax.language, ...options, company: options.company ?? config.ax.company });
    return { reference, mappingFile: config.mapping.file, source: { url: config.ax.url, company: reference.company }, close: () => transport.close() };
  } catch (err) {
    await transport.close();
    throw err;
  }
}
