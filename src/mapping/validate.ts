import type { CompiledMapping } from './compile/compile.js';
import type { CompiledTable } from './compile/decision-table.js';
import type { AxReferenceData } from './reference/reference-data.js';

/** One thing the configuration refers to that the AX company does not have. */
export interface MissingReference {
  /** Where in the configuration. */
  readonly path: string;
  /** What kind of AX object (`main account`, `dimension value BusinessUnit`…). */
  readonly kind: string;
  readonly value: string;
}

/** Result of checking a configuration against AX reference data. */
export interface ReferenceCheck {
  readonly missing: readonly MissingReference[];
  /** Things that cannot be checked statically (JSONata results, copied facts). */
  readonly unchecked: readonly string[];
  readonly checked: number;
}

/**
 * Checks every constant the configuration can produce against the AX reference data of the
 * target company: main accounts, dimension names and values, customer/vendor groups, payment
 * terms and modes, sales tax and item tax groups, bank accounts, journal names (and their
 * type), currencies and account structures.
 */
export function checkAgainstReference(cm: CompiledMapping, ref: AxReferenceData): ReferenceCheck {
  const missing: MissingReference[] = [];
  const unchecked: string[] = [];
  let checked = 0;
  const need = (ok: boolean, path: string, kind: string, value: string): void => {
    checked++;
    if (!ok) missing.push({ path, kind, value });
  };
  const c = cm.config;
  if (ref.company.toLowerCase() !== c.company.toLowerCase()) missing.push({ path: 'company', kind: 'company (the reference data is for another company)', value: `${c.company} (reference: ${ref.company})` });
  need(ref.hasCurrency(c.currency.accountingCurrency) || ref.accountingCurrency === c.currency.accountingCurrency, 'currency.accountingCurrency', 'currency', c.currency.accountingCurrency);
  for (const code of Object.keys(c.currency.table)) need(ref.hasCurrency(code), `currency.table.${code}`, 'currency', code);

  const account = (path: string, id: string): void => need(ref.mainAccount(id) !== undefined, path, 'main account', id);
  c.accounts.rules.forEach((r, i) => account(`accounts.rules[${i}].mainAccount`, r.mainAccount));
  for (const [nominal, id] of Object.entries(c.accounts.nominals)) account(`accounts.nominals.${nominal}`, id);
  if (c.accounts.default !== undefined) account('accounts.default', c.accounts.default);
  if (c.vat.difference.account !== undefined) account('vat.difference.account', c.vat.difference.account);
  c.accounts.structures.forEach((s, i) => {
    const r = ref.accountStructure(s.name);
    need(r !== undefined, `accounts.structures[${i}].name`, 'account structure', s.name);
    if (r && (r.segments.join('|') !== s.segments.join('|') || r.delimiter !== s.delimiter)) missing.push({ path: `accounts.structures[${i}]`, kind: 'account structure with these segments', value: `${s.segments.join(s.delimiter)} (AX: ${r.segments.join(r.delimiter)})` });
  });

  const dimNames = new Set(ref.dimensionNames());
  const dimension = (path: string, name: string, value?: string): void => {
    need(dimNames.has(name), path, 'dimension', name);
    if (value !== undefined && dimNames.has(name)) need(ref.hasDimensionValue(name, value), path, `dimension value ${name}`, value);
  };
  c.dimensions.order.forEach((d, i) => dimension(`dimensions.order[${i}]`, d));
  c.dimensions.tables.forEach((t, i) => {
    dimension(`dimensions.tables[${i}].dimension`, t.dimension);
    const compiled = [...cm.dimensions.header.values(), ...cm.dimensions.line.values()].flat().find((x) => x.table.path === `dimensions.tables[${i}].table`);
    if (compiled) tableValues(cm, compiled.table, (path, v) => dimension(path, t.dimension, v), unchecked);
  });
  c.lines.split.forEach((s, i) => s.shares.forEach((sh, j) => dimension(`lines.split[${i}].shares[${j}].value`, s.dimension, sh.value)));
  c.customFields.forEach((f, i) => {
    if (!('dimension' in f.target)) return;
    const dim = f.target.dimension;
    if (f.values) for (const [k, v] of Object.entries(f.values)) dimension(`customFields[${i}].values.${k}`, dim, v);
    else unchecked.push(`customFields[${i}]: values copied from KashFlow or computed`);
  });
  c.accounts.structures.forEach((s, i) => s.segments.slice(1).forEach((seg, j) => dimension(`accounts.structures[${i}].segments[${j + 1}]`, seg)));

  tableValues(cm, cm.parties.customerGroup, (p, v) => need(ref.hasCustomerGroup(v), p, 'customer group', v), unchecked);
  tableValues(cm, cm.parties.vendorGroup, (p, v) => need(ref.hasVendorGroup(v), p, 'vendor group', v), unchecked);
  tableValues(cm, cm.parties.paymentTerms, (p, v) => need(ref.hasPaymentTerms(v), p, 'payment terms', v), unchecked);
  if (cm.parties.paymentMode) tableValues(cm, cm.parties.paymentMode, (p, v) => need(ref.hasPaymentMode(v), p, 'payment mode', v), unchecked);
  tableValues(cm, cm.vat.taxGroup, (p, v) => need(ref.salesTaxGroupCodes(v) !== undefined, p, 'sales tax group', v), unchecked);
  for (const [rate, group] of Object.entries(c.vat.itemTaxGroups)) need(ref.itemTaxGroupCodes(group) !== undefined, `vat.itemTaxGroups.${rate}`, 'item sales tax group', group);
  for (const [k, v] of Object.entries(c.valueMaps.bankAccounts ?? {})) need(ref.hasBankAccount(v), `valueMaps.bankAccounts.${k}`, 'bank account', v);
  for (const [k, v] of Object.entries(c.valueMaps.paymentMethods ?? {})) need(ref.hasPaymentMode(v), `valueMaps.paymentMethods.${k}`, 'payment mode', v);

  const journal = (path: string, id: string, type: string): void => {
    const j = ref.journalName(id);
    need(j !== undefined, path, 'journal name', id);
    if (j && j.type !== type) missing.push({ path, kind: `journal name of type ${type}`, value: `${id} (AX type ${j.type})` });
  };
  journal('documents.customerPayment.journalName', c.documents.customerPayment.journalName, 'CustPayment');
  journal('documents.purchaseInvoice.journalName', c.documents.purchaseInvoice.journalName, 'VendInvoiceRegister');
  journal('documents.journal.journalName', c.documents.journal.journalName, 'Daily');
  return { missing, unchecked, checked };
}

/** Constant results of a table (through its value map when it has one). */
function tableValues(cm: CompiledMapping, table: CompiledTable, check: (path: string, value: string) => void, unchecked: string[]): void {
  for (const c of table.constants()) {
    if (c.mapped) continue;
    check(c.rule.split(' ')[0] ?? table.path, c.value);
  }
  for (const name of table.mapsUsed()) {
    for (const [k, v] of cm.valueMaps.get(name) ?? []) check(`valueMaps.${name}.${k}`, v);
  }
  if (table.hasExpressions) unchecked.push(`${table.path}: JSONata results are only known at run time`);
  for (const label of table.copiedFacts()) unchecked.push(`${label.split(' ')[0] ?? table.path}: copies a KashFlow value`);
}
