/**
 * Document schemas as data: which records a document has, which fields each record has,
 * their types, lengths and mandatory flags. Parsing, validation of element names and types,
 * truncation and outbound serialisation are all driven by these specs.
 */

/** An AX enum travels as its symbol name (`Yes`, `Ledger`, …). */
export interface EnumType {
  readonly kind: 'enum';
  /** The XSD type name used in schema error texts (e.g. `AxdEnum_NoYes`). */
  readonly typeName: string;
  readonly values: readonly string[];
  /** The symbol whose integer value is 0 (omitted from outbound documents), if any. */
  readonly zeroValue?: string;
}

/** Field types AIF documents use. */
export type FieldType =
  | { readonly kind: 'string'; readonly max: number }
  | EnumType
  /** xs:decimal; `money` values are written with 2 decimals outbound. */
  | { readonly kind: 'decimal'; readonly money?: boolean }
  | { readonly kind: 'int' }
  | { readonly kind: 'int64' }
  | { readonly kind: 'date' }
  | { readonly kind: 'datetime' }
  /** `AxdType_DimensionAttributeValueSet` (DefaultDimension). */
  | { readonly kind: 'dimensionSet' }
  /** `AxdType_MultiTypeAccount` (LedgerDimension / OffsetLedgerDimension). */
  | { readonly kind: 'multiTypeAccount' };

/**
 * How a field may be used: `rw` editable; `read` only in outbound documents (inbound → fault,
 * like AllowEdit = No); `system` (RecId, RecVersion, _DocumentHash) accepted inbound only as
 * concurrency data on update.
 */
export type FieldAccess = 'rw' | 'read' | 'system';

export interface FieldSpec {
  readonly name: string;
  readonly type: FieldType;
  /** Mandatory fields are written outbound even when empty/zero. */
  readonly mandatory?: boolean;
  readonly access?: FieldAccess;
}

export interface ChildSpec {
  readonly record: RecordSpec;
  /** 0..1 (false) or 0..n (true). */
  readonly many: boolean;
}

/** Extra members of one `xsi:type` of a polymorphic record (e.g. DirParty). */
export interface VariantSpec {
  readonly fields: readonly FieldSpec[];
  readonly children: readonly ChildSpec[];
}

export interface RecordSpec {
  /** Element name = query data source name (e.g. `CustTable`). */
  readonly name: string;
  /** Label used in infolog texts (e.g. `Customers (CustTable)`). */
  readonly label: string;
  readonly fields: readonly FieldSpec[];
  readonly children: readonly ChildSpec[];
  /** Polymorphic records need an `xsi:type` naming one of these. */
  readonly variants?: Readonly<Record<string, VariantSpec>>;
}

/** The effective members of a record for one variant, in schema (sequence) order. */
export interface ResolvedRecord {
  readonly spec: RecordSpec;
  readonly variant: string | undefined;
  /** Fields and children in schema order: `_DocumentHash` first, fields alphabetical, then children. */
  readonly order: readonly string[];
  /** The index of each name in {@link order}. */
  readonly position: ReadonlyMap<string, number>;
  readonly fields: ReadonlyMap<string, FieldSpec>;
  readonly children: ReadonlyMap<string, ChildSpec>;
}

export interface DocumentSpec {
  /** Root element and the last segment of the namespace (e.g. `Customer`). */
  readonly name: string;
  readonly namespace: string;
  /** The top-level record (e.g. CustTable). */
  readonly root: RecordSpec;
}

/** Document-level elements every AIF document may carry, in schema order. */
export const DOCUMENT_LEVEL_FIELDS = ['ClearNilFieldsOnUpdate', 'DocPurpose', 'SenderId', 'ValidAsOfDateTime', 'ValidTimeStateType'] as const;

const cache = new WeakMap<RecordSpec, Map<string, ResolvedRecord>>();

/** Resolves a record spec for a variant (cached). */
export function resolveRecord(spec: RecordSpec, variant: string | undefined): ResolvedRecord {
  let byVariant = cache.get(spec);
  if (!byVariant) {
    byVariant = new Map();
    cache.set(spec, byVariant);
  }
  const key = variant ?? '';
  let resolved = byVariant.get(key);
  if (!resolved) {
    const v = variant === undefined ? undefined : spec.variants?.[variant];
    const fields = [...spec.fields, ...(v?.fields ?? [])];
    const children = [...spec.children, ...(v?.children ?? [])];
    const fieldMap = new Map(fields.map((f) => [f.name, f]));
    const childMap = new Map(children.map((c) => [c.record.name, c]));
    const order = schemaOrder(fields.map((f) => f.name), children.map((c) => c.record.name));
    const position = new Map<string, number>();
    order.forEach((name, i) => {
      if (!position.has(name)) position.set(name, i);
    });
    resolved = { spec, variant, order, position, fields: fieldMap, children: childMap };
    byVariant.set(key, resolved);
  }
  return resolved;
}

/**
 * Schema order as the generated proxies show it: `_DocumentHash` first, the other fields
 * alphabetically (case-insensitive), child entities last (alphabetically).
 */
export function schemaOrder(fieldNames: readonly string[], childNames: readonly string[]): string[] {
  const byName = (a: string, b: string): number => {
    const x = a.toLowerCase();
    const y = b.toLowerCase();
    return x < y ? -1 : x > y ? 1 : 0;
  };
  const hash = fieldNames.filter((n) => n === '_DocumentHash');
  const rest = fieldNames.filter((n) => n !== '_DocumentHash').sort(byName);
  return [...hash, ...rest, ...[...childNames].sort(byName)];
}

// ---- small constructors used by the document definitions -------------------------------

export const str = (max: number): FieldType => ({ kind: 'string', max });
export const money: FieldType = { kind: 'decimal', money: true };
export const decimal: FieldType = { kind: 'decimal' };
export const int: FieldType = { kind: 'int' };
export const int64: FieldType = { kind: 'int64' };
export const date: FieldType = { kind: 'date' };
export const datetime: FieldType = { kind: 'datetime' };
export const dimensionSet: FieldType = { kind: 'dimensionSet' };
export const multiTypeAccount: FieldType = { kind: 'multiTypeAccount' };
/** An enum; `zeroValue` is the symbol with integer value 0 (AX omits it outbound). */
export const enumOf = (typeName: string, values: readonly string[], zeroValue?: string): EnumType => ({ kind: 'enum', typeName, values, ...(zeroValue === undefined ? {} : { zeroValue }) });

export const NO_YES = enumOf('AxdEnum_NoYes', ['No', 'Yes'], 'No');

/** A read-write field. */
export function f(name: string, type: FieldType, options: { mandatory?: boolean; access?: FieldAccess } = {}): FieldSpec {
  return { name, type, ...options };
}

/** RecId and RecVersion of a record (concurrency data). */
export function recIdFields(): FieldSpec[] {
  return [f('RecId', int64, { access: 'system' }), f('RecVersion', int, { access: 'system' })];
}

/** `_DocumentHash`, RecId and RecVersion of a top-level record. */
export function concurrencyFields(): FieldSpec[] {
  return [f('_DocumentHash', str(64), { access: 'system' }), ...recIdFields()];
}
