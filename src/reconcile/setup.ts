import { Dec } from '../canonical/money.js';
import type { ReconcileConfig } from '../config/sections/reconcile.js';
import type { MappingConfig } from '../mapping/config/schema.js';
import { DEFAULT_AX_READ_SERVICES, type AxReadServices } from './ax-source.js';
import type { Period } from './period.js';
import type { ReconcileOptions } from './reconcile.js';
import { KeyTemplate } from './templates.js';

/** Defaults used when no `reconcile:` section or mapping is given. */
export const DEFAULT_RECONCILE_CONFIG: ReconcileConfig = {
  services: { ...DEFAULT_AX_READ_SERVICES },
  documentNum: '{number}',
  homeCurrencyTolerance: '0.02',
  concurrency: 4,
  perPage: 100,
};

/**
 * Options for {@link reconcileLedgers} from the `reconcile:` settings and, when available, the
 * mapping: its customer account rule (`parties.customerAccount`), its payment DocumentNum rule
 * (`documents.customerPayment.documentNum`), its VAT item tax groups and rounding account, and
 * its accounting currency. Without a mapping the mapping's defaults apply (`KF-{code}`,
 * `KFPAY-{paymentId}`, GBP).
 */
export function reconcileOptionsFrom(period: Period, config: ReconcileConfig, mapping: MappingConfig | undefined): ReconcileOptions {
  const roundingAccount = mapping && mapping.vat.difference.action === 'rounding-line' ? mapping.vat.difference.account : undefined;
  return {
    period,
    homeCurrency: config.homeCurrency ?? mapping?.currency.accountingCurrency ?? 'GBP',
    homeTolerance: new Dec(config.homeCurrencyTolerance),
    concurrency: config.concurrency,
    keys: {
      documentNum: new KeyTemplate(config.documentNum, 'number', '\\d+'),
      customerAccount: new KeyTemplate(mapping?.parties.customerAccount ?? 'KF-{code}', 'code'),
      paymentDocumentNum: new KeyTemplate(mapping?.documents.customerPayment.documentNum ?? 'KFPAY-{paymentId}', 'paymentId', '\\d+'),
    },
    ...(mapping ? { mappingVat: { itemTaxGroups: mapping.vat.itemTaxGroups, ...(roundingAccount ? { roundingAccount } : {}) } } : {}),
  };
}

/** The AX service names from the settings. */
export function axServicesFrom(config: ReconcileConfig): AxReadServices {
  return config.services;
}
