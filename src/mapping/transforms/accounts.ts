import type { DimensionValue, LedgerAccount } from '../../connectors/ax/documents/types.js';
import type { CompiledMapping } from '../compile/compile.js';
import type { Facts } from '../compile/facts.js';
import { MappingError } from '../errors.js';
import type { AxReferenceData } from '../reference/reference-data.js';

/** A main account and the rule that chose it. */
export interface MainAccountHit {
  readonly mainAccount: string;
  readonly rule: string;
}

/**
 * GL account mapping: the account rules in order (first match wins), then the nominal table,
 * then the default; nothing → a permanent "no rule" failure naming the nominal.
 */
export function resolveMainAccount(cm: CompiledMapping, facts: Facts, path: string): MainAccountHit {
  for (const rule of cm.accounts.rules) if (rule.when(facts)) return { mainAccount: rule.mainAccount, rule: rule.label };
  const nominal = facts.nominal;
  if (typeof nominal === 'number') {
    const hit = cm.accounts.nominals.get(nominal);
    if (hit !== undefined) return { mainAccount: hit, rule: `accounts.nominals[${nominal}]` };
  }
  if (cm.accounts.default !== undefined) return { mainAccount: cm.accounts.default, rule: `accounts.default (no rule for nominal ${String(nominal)})` };
  throw new MappingError('KFAX_MAPPING_NO_RULE', [path, `nominal ${String(nominal)} has no account rule, no accounts.nominals entry and there is no accounts.default`], {
    path,
    rule: 'accounts',
    facts: { nominal: String(nominal) },
  });
}

/** The structure used for a main account: configured first, then the reference data, else the account alone. */
export function structureFor(cm: CompiledMapping, ref: AxReferenceData | undefined, mainAccount: string): { segments: readonly string[]; delimiter: string; rule: string } {
  for (const s of cm.accounts.structures) if (s.appliesTo(mainAccount)) return { segments: s.segments, delimiter: s.delimiter, rule: s.label };
  const name = ref?.mainAccount(mainAccount)?.structure;
  const st = name === undefined ? undefined : ref?.accountStructure(name);
  if (st) return { segments: st.segments, delimiter: st.delimiter, rule: `reference account structure "${st.name}"` };
  return { segments: ['MainAccount'], delimiter: '-', rule: 'no account structure known: main account alone' };
}

/**
 * Builds a LedgerDimension: the structure's segments filled from the main account and the
 * dimension values; empty segments keep their delimiters unless configured otherwise [G].
 */
export function ledgerAccount(cm: CompiledMapping, ref: AxReferenceData | undefined, mainAccount: string, dims: ReadonlyMap<string, string>): { account: LedgerAccount; rule: string } {
  const st = structureFor(cm, ref, mainAccount);
  const parts: string[] = [];
  const values: DimensionValue[] = [];
  for (const seg of st.segments) {
    if (seg === 'MainAccount') {
      parts.push(mainAccount);
      continue;
    }
    const v = dims.get(seg) ?? '';
    parts.push(v);
    if (v !== '') values.push({ name: seg, value: v });
  }
  if (cm.accounts.emptySegments === 'trim-trailing') while (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  return { account: { account: mainAccount, displayValue: parts.join(st.delimiter), values }, rule: st.rule };
}

/** A customer/vendor/bank account as a LedgerDimension (no segments). */
export function plainAccount(id: string): LedgerAccount {
  return { account: id, displayValue: id, values: [] };
}
