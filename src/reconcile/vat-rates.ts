import { Dec } from '../canonical/money.js';
import { rateKeyOf } from './ledger-document.js';

/** AX sales tax setup of a company (tax codes and both kinds of groups), keys upper case. */
export interface AxTaxSetup {
  readonly codes: ReadonlyMap<string, { readonly rate: Dec; readonly name: string }>;
  readonly salesTaxGroups: ReadonlyMap<string, readonly string[]>;
  readonly itemTaxGroups: ReadonlyMap<string, readonly string[]>;
}

/** The VAT part of the mapping configuration, when one is available. */
export interface MappingVat {
  /** KashFlow rate key (`20`, `exempt`) → AX item sales tax group. */
  readonly itemTaxGroups: Readonly<Record<string, string>>;
  /** Main account of the mapping's VAT rounding line, if it adds one. */
  readonly roundingAccount?: string;
}

/**
 * Names the VAT rate of a line the same way on both sides: the percentage (`20`, `5`, `0`),
 * `exempt`, or `none` for an AX line on which no tax applies. AX lines are read back through
 * AX's own tax setup (the codes in both the line's sales tax group and its item sales tax
 * group, summed — what AX charged); a tax code counts as exempt when the mapping's `exempt`
 * item group holds it or, without a mapping, when its name says "exempt" [G: AX 2012 marks
 * exemption on the tax code's values, which AIF does not expose]. Without AX's tax setup the
 * mapping's `vat.itemTaxGroups` is read backwards; failing both the key is `group:<id>`.
 */
export class VatRateResolver {
  private readonly reverse = new Map<string, string>();
  private readonly exemptGroup: string | undefined;
  private readonly roundingAccount: string | undefined;

  constructor(
    private readonly tax: AxTaxSetup | undefined,
    mapping: MappingVat | undefined,
  ) {
    const seen = new Map<string, string[]>();
    for (const [key, group] of Object.entries(mapping?.itemTaxGroups ?? {})) {
      const g = group.toUpperCase();
      seen.set(g, [...(seen.get(g) ?? []), key]);
    }
    for (const [g, keys] of seen) if (keys.length === 1) this.reverse.set(g, keys[0] === 'exempt' ? 'exempt' : rateKeyOf(new Dec(keys[0] as string)));
    this.exemptGroup = mapping?.itemTaxGroups.exempt?.toUpperCase();
    this.roundingAccount = mapping?.roundingAccount;
  }

  /** Key of a KashFlow line. */
  kashflowKey(vatRate: Dec, exempt: boolean): string {
    return exempt ? 'exempt' : rateKeyOf(vatRate);
  }

  /** Key of an AX line from its sales tax group and item sales tax group. */
  axKey(taxGroup: string, taxItemGroup: string): string {
    const item = taxItemGroup.trim().toUpperCase();
    if (item === '') return 'none';
    if (this.exemptGroup !== undefined && item === this.exemptGroup) return 'exempt';
    const group = taxGroup.trim().toUpperCase();
    const groupCodes = this.tax?.salesTaxGroups.get(group);
    const itemCodes = this.tax?.itemTaxGroups.get(item);
    if (this.tax && group === '') return 'none';
    if (this.tax && groupCodes && itemCodes) {
      const inItem = new Set(itemCodes.map((c) => c.toUpperCase()));
      const codes = groupCodes.map((c) => c.toUpperCase()).filter((c) => inItem.has(c));
      if (codes.length === 0) return 'none';
      const exemptCodes = new Set((this.exemptGroup ? (this.tax.itemTaxGroups.get(this.exemptGroup) ?? []) : []).map((c) => c.toUpperCase()));
      const isExempt = (c: string): boolean => (this.exemptGroup !== undefined ? exemptCodes.has(c) : /exempt/i.test(this.tax?.codes.get(c)?.name ?? ''));
      if (codes.every(isExempt)) return 'exempt';
      let rate = new Dec(0);
      for (const c of codes) rate = rate.plus(this.tax.codes.get(c)?.rate ?? 0);
      return rateKeyOf(rate);
    }
    return this.reverse.get(item) ?? `group:${item}`;
  }

  /** True for the untaxed VAT rounding line the mapping adds (on its rounding account). */
  isRoundingLine(mainAccount: string, taxItemGroup: string): boolean {
    return this.roundingAccount !== undefined && taxItemGroup.trim() === '' && mainAccount.trim() === this.roundingAccount;
  }
}
