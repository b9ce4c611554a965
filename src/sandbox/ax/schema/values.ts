/** Values of fields in parsed and stored AIF records. */

/** One `Value {Name, Value}` pair of a dimension set or multi-type account. */
export interface DimPair {
  readonly name: string;
  readonly value: string;
}

/** `AxdType_MultiTypeAccount`: the account, its display value and the other segment values. */
export interface MultiTypeAccount {
  readonly account: string;
  readonly displayValue: string;
  readonly values: readonly DimPair[];
}

/** Scalars are text (decimals normalised, dates `yyyy-MM-dd`); dimension types are structured. */
export type FieldValue = string | readonly DimPair[] | MultiTypeAccount;

export function isDimSet(v: FieldValue | undefined): v is readonly DimPair[] {
  return Array.isArray(v);
}

export function isMultiTypeAccount(v: FieldValue | undefined): v is MultiTypeAccount {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A stored record of a master-data document (customers, vendors, products, items). */
export interface AxRecord {
  /** Element / table name (e.g. `CustTable`). */
  readonly table: string;
  readonly recId: number;
  recVersion: number;
  /** `xsi:type` of polymorphic records. */
  xsiType?: string;
  /** Only fields that have a value. */
  fields: Record<string, FieldValue>;
  children: Record<string, AxRecord[]>;
}

/** The text of a scalar field ('' when absent or structured). */
export function text(record: { fields: Record<string, FieldValue> }, name: string): string {
  const v = record.fields[name];
  return typeof v === 'string' ? v : '';
}
