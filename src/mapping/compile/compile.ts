import { ENTITY_KINDS, type EntityKind } from '../../canonical/model.js';
import { Dec, type RoundingMode } from '../../canonical/money.js';
import { KfaxError } from '../../errors/kfax-error.js';
import type { LoadedMapping, MappingVersion } from '../config/load.js';
import type { MappingConfig } from '../config/schema.js';
import { compileAddressRules, type AddressRules } from '../transforms/address.js';
import { CompiledTable, type CompileProblem, type ValueMaps } from './decision-table.js';
import { compileExpression, type CompiledExpression } from './expression.js';
import { compileLinePlan, type LinePlan } from './line-plan.js';
import { compileCondition, compileMatcher, describeCondition, type FactPredicate } from './matcher.js';
import { compileTemplate, type Template } from './template.js';

/** An account rule ready to run. */
export interface CompiledAccountRule {
  readonly when: FactPredicate;
  readonly mainAccount: string;
  readonly label: string;
}

/** An account structure with its main-account predicate. */
export interface CompiledStructure {
  readonly name: string;
  readonly segments: readonly string[];
  readonly delimiter: string;
  readonly appliesTo: (mainAccount: string) => boolean;
  readonly label: string;
}

export interface CompiledDimensionTable {
  readonly dimension: string;
  readonly table: CompiledTable;
}

export interface CompiledSplit {
  readonly when: FactPredicate;
  readonly dimension: string;
  readonly shares: readonly { value: string; percent: Dec }[];
  readonly label: string;
}

export interface CompiledCustomField {
  readonly entity: 'customer' | 'supplier';
  readonly read: (facts: Record<string, unknown>) => unknown;
  readonly sourceLabel: string;
  readonly target: { dimension: string } | { field: string };
  readonly values: ReadonlyMap<string, string> | undefined;
  readonly expression: CompiledExpression | undefined;
  readonly skipEmpty: boolean;
  readonly label: string;
}

/**
 * The configuration compiled once at start-up: predicates instead of conditions, parsed
 * JSONata, indexed look-ups, compiled templates. Mapping a document only runs closures.
 */
export interface CompiledMapping {
  readonly config: MappingConfig;
  readonly version: MappingVersion;
  readonly valueMaps: ValueMaps;
  readonly accounts: {
    readonly rules: readonly CompiledAccountRule[];
    readonly nominals: ReadonlyMap<number, string>;
    readonly default: string | undefined;
    readonly structures: readonly CompiledStructure[];
    readonly emptySegments: 'keep' | 'trim-trailing';
  };
  readonly dimensions: {
    readonly order: ReadonlyMap<string, number>;
    readonly inheritHeader: boolean;
    readonly header: ReadonlyMap<EntityKind, readonly CompiledDimensionTable[]>;
    readonly line: ReadonlyMap<EntityKind, readonly CompiledDimensionTable[]>;
  };
  readonly customFields: readonly CompiledCustomField[];
  readonly address: AddressRules;
  readonly currency: {
    readonly accountingCurrency: string;
    readonly rateSource: 'document' | 'ax' | 'table' | 'none';
    readonly table: ReadonlyMap<string, Dec>;
    readonly exchRateDecimals: number;
    rounding(currency: string): { decimals: number; mode: RoundingMode };
  };
  readonly splits: readonly CompiledSplit[];
  readonly aggregate: MappingConfig['lines']['aggregate'] & { readonly descriptionTemplate: Template };
  readonly vat: {
    readonly itemTaxGroups: ReadonlyMap<string, string>;
    readonly exemptGroup: string | undefined;
    readonly taxGroup: CompiledTable;
    readonly lineRounding: RoundingMode;
    readonly difference: { action: 'rounding-line' | 'fail' | 'accept'; max: Dec; account: string | undefined; description: string };
  };
  readonly parties: {
    readonly customerAccount: Template;
    readonly vendorAccount: Template;
    readonly customerGroup: CompiledTable;
    readonly vendorGroup: CompiledTable;
    readonly paymentTerms: CompiledTable;
    readonly paymentMode: CompiledTable | undefined;
    readonly partyType: CompiledTable | undefined;
    readonly languageId: string;
  };
  readonly products: {
    readonly itemId: Template;
    readonly productType: CompiledTable;
    readonly itemGroup: CompiledTable | undefined;
    readonly category: CompiledTable | undefined;
    readonly languageId: string;
  };
  readonly templates: {
    readonly payment: { name: Template; txt: Template; documentNum: Template; markedInvoice: Template };
    readonly purchase: { name: Template; txt: Template };
    readonly journal: { name: Template };
  };
  /** What the line rules of each invoice kind read (for remembering line decisions). */
  readonly linePlans: ReadonlyMap<'sales-invoice' | 'purchase-invoice', LinePlan>;
}

/** Normalised VAT-rate key: "20", "20.0000" and 20 are the same key. */
export function vatRateKey(rate: Dec | string | number): string {
  return new Dec(rate).toString();
}

function accountRangePredicate(items: readonly (string | { from: string; to: string })[]): (id: string) => boolean {
  const matchers = items.map((i) => compileMatcher(typeof i === 'string' ? i : { from: i.from, to: i.to }));
  return (id) => matchers.some((m) => m(id));
}

/** Compiles a validated configuration; throws `KFAX_CONFIG_INVALID` naming the path of each cross-field problem. */
export function compileMapping(loaded: LoadedMapping): CompiledMapping {
  const { config, version } = loaded;
  const problems: CompileProblem[] = [];
  const valueMaps: ValueMaps = new Map(Object.entries(config.valueMaps).map(([k, v]) => [k, new Map(Object.entries(v))]));
  const table = (path: string, t: Parameters<typeof tableOf>[1]): CompiledTable => tableOf(path, t, valueMaps, problems);

  const order = new Map(config.dimensions.order.map((d, i) => [d, i]));
  const knowsDimension = (name: string, path: string): void => {
    if (order.size > 0 && !order.has(name)) problems.push({ path, message: `dimension "${name}" is not listed in dimensions.order` });
  };

  const header = new Map<EntityKind, CompiledDimensionTable[]>(ENTITY_KINDS.map((e) => [e, []]));
  const line = new Map<EntityKind, CompiledDimensionTable[]>(ENTITY_KINDS.map((e) => [e, []]));
  config.dimensions.tables.forEach((t, i) => {
    const path = `dimensions.tables[${i}]`;
    knowsDimension(t.dimension, `${path}.dimension`);
    const compiled = { dimension: t.dimension, table: table(`${path}.table`, t.table) };
    for (const e of t.entities ?? ENTITY_KINDS) (t.scope === 'header' ? header : line).get(e)?.push(compiled);
  });

  const structures = config.accounts.structures.map((s, i): CompiledStructure => {
    if (s.segments[0] !== 'MainAccount') problems.push({ path: `accounts.structures[${i}].segments[0]`, message: 'the first segment must be MainAccount' });
    s.segments.slice(1).forEach((seg, j) => knowsDimension(seg, `accounts.structures[${i}].segments[${j + 1}]`));
    return { name: s.name, segments: s.segments, delimiter: s.delimiter, appliesTo: accountRangePredicate(s.mainAccounts), label: `accounts.structures[${i}] "${s.name}"` };
  });

  const splits = config.lines.split.map((s, i): CompiledSplit => {
    const path = `lines.split[${i}]`;
    knowsDimension(s.dimension, `${path}.dimension`);
    const shares = s.shares.map((sh) => ({ value: sh.value, percent: new Dec(sh.percent) }));
    const total = shares.reduce((acc, sh) => acc.plus(sh.percent), new Dec(0));
    if (!total.eq(100)) problems.push({ path: `${path}.shares`, message: `percentages add up to ${total.toString()}, not 100` });
    if (shares.some((sh) => sh.percent.lte(0))) problems.push({ path: `${path}.shares`, message: 'every percentage must be greater than 0' });
    return { when: safeCondition(s.when, `${path}.when`, problems), dimension: s.dimension, shares, label: `${path}${s.id ? ` "${s.id}"` : ''} (${describeCondition(s.when)})` };
  });

  const customFields = config.customFields.map((c, i): CompiledCustomField => {
    const path = `customFields[${i}]`;
    if ('dimension' in c.target) knowsDimension(c.target.dimension, `${path}.target.dimension`);
    let expression: CompiledExpression | undefined;
    if (c.expression !== undefined) {
      const e = compileExpression(c.expression);
      if ('error' in e) problems.push({ path: `${path}.expression`, message: e.error });
      else expression = e;
    }
    const src = c.source;
    const read = 'text' in src ? (f: Record<string, unknown>) => (f.text as Record<string, unknown> | undefined)?.[src.text] : 'check' in src ? (f: Record<string, unknown>) => (f.check as Record<string, unknown> | undefined)?.[src.check] : (f: Record<string, unknown>) => f[src.fact];
    const sourceLabel = 'text' in src ? `custom text "${src.text}"` : 'check' in src ? `custom check box "${src.check}"` : `fact ${src.fact}`;
    return { entity: c.entity, read, sourceLabel, target: c.target, values: c.values ? new Map(Object.entries(c.values)) : undefined, expression, skipEmpty: c.skipEmpty, label: `${path}${c.id ? ` "${c.id}"` : ''}` };
  });

  const itemTaxGroups = new Map<string, string>();
  let exemptGroup: string | undefined;
  for (const [k, v] of Object.entries(config.vat.itemTaxGroups)) {
    if (k === 'exempt') exemptGroup = v;
    else itemTaxGroups.set(vatRateKey(k), v);
  }
  const diff = config.vat.difference;
  if (diff.action === 'rounding-line' && diff.account === undefined) problems.push({ path: 'vat.difference.account', message: 'is required when action is rounding-line' });

  const rounding = new Map(Object.entries(config.currency.rounding));
  const defaultRounding = rounding.get('default') ?? { decimals: 2, mode: 'half-up' as const };

  const linePlans = new Map<'sales-invoice' | 'purchase-invoice', LinePlan>();
  const compiled: CompiledMapping = {
    config,
    version,
    valueMaps,
    accounts: {
      rules: config.accounts.rules.map((r, i) => ({ when: safeCondition(r.when, `accounts.rules[${i}].when`, problems), mainAccount: r.mainAccount, label: `accounts.rules[${i}]${r.id ? ` "${r.id}"` : ''} (${describeCondition(r.when)})` })),
      nominals: new Map(Object.entries(config.accounts.nominals).map(([k, v]) => [Number(k), v])),
      default: config.accounts.default,
      structures,
      emptySegments: config.accounts.emptySegments,
    },
    dimensions: { order, inheritHeader: config.dimensions.inheritHeader, header, line },
    customFields,
    address: compileAddressRules(config.address),
    currency: {
      accountingCurrency: config.currency.accountingCurrency,
      rateSource: config.currency.rateSource,
      table: new Map(Object.entries(config.currency.table).map(([k, v]) => [k, new Dec(v)])),
      exchRateDecimals: config.currency.exchRateDecimals,
      rounding: (currency) => rounding.get(currency) ?? defaultRounding,
    },
    splits,
    aggregate: { ...config.lines.aggregate, descriptionTemplate: compileTemplate(config.lines.aggregate.description) },
    vat: {
      itemTaxGroups,
      exemptGroup,
      taxGroup: table('vat.taxGroup', config.vat.taxGroup),
      lineRounding: config.vat.lineRounding,
      difference: { action: diff.action, max: new Dec(diff.maxDifference), account: diff.account, description: diff.description },
    },
    parties: {
      customerAccount: compileTemplate(config.parties.customerAccount),
      vendorAccount: compileTemplate(config.parties.vendorAccount),
      customerGroup: table('parties.customerGroup', config.parties.customerGroup),
      vendorGroup: table('parties.vendorGroup', config.parties.vendorGroup),
      paymentTerms: table('parties.paymentTerms', config.parties.paymentTerms),
      paymentMode: config.parties.paymentMode ? table('parties.paymentMode', config.parties.paymentMode) : undefined,
      partyType: config.parties.partyType ? table('parties.partyType', config.parties.partyType) : undefined,
      languageId: config.parties.languageId,
    },
    products: {
      itemId: compileTemplate(config.products.itemId),
      productType: table('products.productType', config.products.productType),
      itemGroup: config.products.itemGroup ? table('products.itemGroup', config.products.itemGroup) : undefined,
      category: config.products.category ? table('products.category', config.products.category) : undefined,
      languageId: config.products.languageId,
    },
    templates: {
      payment: {
        name: compileTemplate(config.documents.customerPayment.name),
        txt: compileTemplate(config.documents.customerPayment.txt),
        documentNum: compileTemplate(config.documents.customerPayment.documentNum),
        markedInvoice: compileTemplate(config.documents.customerPayment.markedInvoice),
      },
      purchase: { name: compileTemplate(config.documents.purchaseInvoice.name), txt: compileTemplate(config.documents.purchaseInvoice.txt) },
      journal: { name: compileTemplate(config.documents.journal.name) },
    },
    linePlans,
  };
  for (const e of ['sales-invoice', 'purchase-invoice'] as const) linePlans.set(e, compileLinePlan(config, (line.get(e) ?? []).map((t) => t.table), compiled.products.category));
  if (problems.length > 0) {
    const first = problems[0] as CompileProblem;
    throw new KfaxError('KFAX_CONFIG_INVALID', [`mapping: ${first.path}`, first.message], { details: { problems } });
  }
  return compiled;
}

function tableOf(path: string, t: ConstructorParameters<typeof CompiledTable>[1], maps: ValueMaps, problems: CompileProblem[]): CompiledTable {
  return new CompiledTable(path, t, maps, problems);
}

function safeCondition(when: Parameters<typeof compileCondition>[0], path: string, problems: CompileProblem[]): FactPredicate {
  try {
    return compileCondition(when);
  } catch (err) {
    problems.push({ path, message: (err as Error).message });
    return () => false;
  }
}
