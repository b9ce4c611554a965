import { attributeValue, childElement, type XmlElement } from '../xml/tree.js';

/**
 * A record of an outbound AIF document (read/find answers). AX omits empty and zero fields, so
 * an absent field reads as ''. Child records are elements with `class="entity"`.
 */
export class AxRow {
  constructor(readonly element: XmlElement) {}

  get table(): string {
    return this.element.name;
  }

  /** Text of a scalar field, '' when absent. */
  field(name: string): string {
    const el = childElement(this.element, name);
    return el && attributeValue(el, 'class') !== 'entity' ? el.text.trim() : '';
  }

  /** `Account` of a multi-type account field (LedgerDimension), '' when absent. */
  account(name: string): string {
    const el = childElement(this.element, name);
    return el ? (childElement(el, 'Account')?.text.trim() ?? '') : '';
  }

  /** Child records of a table. */
  children(table: string): AxRow[] {
    return this.element.children.filter((c) => c.name === table && attributeValue(c, 'class') === 'entity').map((c) => new AxRow(c));
  }
}

/** The top-level records of a document element (the answer of read/find), by table name. */
export function rowsOf(documentElement: XmlElement | undefined, table: string): AxRow[] {
  if (!documentElement) return [];
  return documentElement.children.filter((c) => c.name === table).map((c) => new AxRow(c));
}
