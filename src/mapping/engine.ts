import type { CanonicalDocument, EntityKind } from '../canonical/model.js';
import { sourceKey, type SourceRef } from '../canonical/source.js';
import { AX_SERVICES } from '../connectors/ax/documents/catalog.js';
import { axDocumentXml } from '../connectors/ax/documents/build.js';
import type { AxDocument } from '../connectors/ax/documents/types.js';
import { inferKashflowEntity, parseKashflowDocument } from '../connectors/kashflow/wire/detect.js';
import { isKfaxError } from '../errors/kfax-error.js';
import type { CompiledMapping } from './compile/compile.js';
import type { MappingVersion } from './config/load.js';
import type { MappingContext, MappingXref, TradeTotals } from './entities/context.js';
import { mapCustomerPayment } from './entities/customer-payment.js';
import { mapJournal } from './entities/journal.js';
import { mapParty } from './entities/party.js';
import { mapProduct } from './entities/product.js';
import { mapPurchaseInvoice } from './entities/purchase-invoice.js';
import { mapSalesInvoice } from './entities/sales-invoice.js';
import { isMappingError, MappingError } from './errors.js';
import { Explanation, type ExplainEntry } from './explain.js';
import type { AxReferenceData } from './reference/reference-data.js';

/** One AX document the mapping would send. */
export interface MappedDocument {
  /** AIF external service name (e.g. `FreeTextInvoiceService`). */
  readonly service: string;
  readonly operation: 'create';
  readonly documentName: string;
  readonly document: AxDocument;
}

/** What mapping one canonical record produced, and why. */
export interface MappingResult {
  readonly entity: EntityKind;
  readonly source: SourceRef;
  /** Content hash of the canonical source record. */
  readonly sourceHash: string;
  /** Mapping version used (config version + content hash). */
  readonly mappingVersion: MappingVersion;
  readonly documents: readonly MappedDocument[];
  readonly explain: readonly ExplainEntry[];
  readonly warnings: readonly string[];
  /** Invoices: totals in document and home currency. */
  readonly totals?: TradeTotals;
  /** Sales invoices: KashFlow status and the AX settlement state it implies. */
  readonly status?: { kashflow: string; ax: string; rule: string };
}

/** Options of a mapping run. */
export interface MapOptions {
  /** AX reference data of the target company (customer groups, structures, tax codes, rates…). */
  readonly reference?: AxReferenceData;
  readonly xref?: MappingXref;
}

function mapped(document: AxDocument): MappedDocument {
  const key = document.kind;
  const names = AX_SERVICES[key];
  return { service: names.service, operation: 'create', documentName: names.document, document };
}

/** Returns the object it is given, so that a subclass's constructor can add fields to any object. */
class ReturnsItsArgument {
  constructor(target: object) {
    // The point: the subclass's fields land on `target`.
    return target;
  }
}

/**
 * Carries a result's {@link Explanation} in a private field, which JSON, spreads, equality checks
 * and reflection never see (as the non-enumerable symbol property it replaces), at the cost of an
 * ordinary field store instead of an `Object.defineProperty` call.
 */
class ExplanationCarrier extends ReturnsItsArgument {
  readonly #explanation: Explanation;
  constructor(target: object, explanation: Explanation) {
    super(target);
    this.#explanation = explanation;
  }

  static entriesOf(result: object): readonly ExplainEntry[] {
    return (result as ExplanationCarrier).#explanation.entries;
  }
}

function explainGetter(this: object): readonly ExplainEntry[] {
  return ExplanationCarrier.entriesOf(this);
}

function explainSetter(this: object, value: readonly ExplainEntry[]): void {
  Object.defineProperty(this, 'explain', { value, writable: true, enumerable: true, configurable: true });
}

/** One descriptor for every result (the getter and setter are shared functions). */
const LAZY_EXPLAIN: PropertyDescriptor = Object.freeze({ get: explainGetter, set: explainSetter, enumerable: true, configurable: true });

/**
 * Gives a result its `explain` entries, built when first read (an invoice's line explanations
 * are most of the mapping's string work): an own enumerable property, so copies, JSON and
 * equality checks see the entries as if they were a plain array. The getter is one shared
 * function (a closure per result would give every result its own hidden class).
 */
function withLazyExplain(result: object, explain: Explanation): void {
  new ExplanationCarrier(result, explain);
  Object.defineProperty(result, 'explain', LAZY_EXPLAIN);
}

/**
 * Maps one canonical record to AX documents with an explanation. A pure function of (record,
 * compiled mapping, reference data): no I/O. Failures are {@link MappingError}s (permanent)
 * carrying the rule context, the source and the mapping version.
 */
export async function mapCanonical(cm: CompiledMapping, doc: CanonicalDocument, options: MapOptions = {}): Promise<MappingResult> {
  const explain = new Explanation();
  const ctx: MappingContext = { cm, ref: options.reference, xref: options.xref, explain, warnings: [] };
  const result = (documents: MappedDocument[], extra: Partial<Pick<MappingResult, 'totals' | 'status'>> = {}): MappingResult => {
    const r = { entity: doc.entity, source: doc.record.source, sourceHash: doc.record.hash, mappingVersion: cm.version, documents };
    withLazyExplain(r, explain);
    return Object.assign(r as typeof r & Pick<MappingResult, 'explain'>, { warnings: ctx.warnings }, extra);
  };
  try {
    switch (doc.entity) {
      case 'sales-invoice': {
        const r = await mapSalesInvoice(ctx, doc.record);
        return result([mapped(r.document)], { totals: r.totals, status: r.status });
      }
      case 'purchase-invoice': {
        const r = await mapPurchaseInvoice(ctx, doc.record);
        return result([mapped(r.document)], { totals: r.totals });
      }
      case 'customer-payment': {
        const r = await mapCustomerPayment(ctx, doc.record);
        return result([mapped(r.document)]);
      }
      case 'journal': {
        const r = await mapJournal(ctx, doc.record);
        return result([mapped(r.document)]);
      }
      case 'customer':
      case 'supplier': {
        const r = await mapParty(ctx, doc.record);
        return result([mapped(r.document)]);
      }
      case 'product': {
        const r = await mapProduct(ctx, doc.record);
        return result(r.documents.map(mapped));
      }
    }
  } catch (err) {
    const context = { entity: doc.entity, source: sourceKey(doc.record.source), mappingVersion: cm.version.label };
    if (isMappingError(err)) throw err.withContext(context);
    if (isKfaxError(err)) throw err;
    // Anything else is a defect in a rule or a transform; it still must not crash the engine.
    throw new MappingError('KFAX_MAPPING_FAILED', [context.source, (err as Error)?.message ?? String(err)], context);
  }
}

/** The XML of a mapped document (the document element as it would be sent). */
export function mappedDocumentXml(d: MappedDocument): string {
  return axDocumentXml(d.document);
}

/**
 * Parses a KashFlow JSON document (entity inferred from its shape unless given) and maps every
 * canonical record in it (a payment input can hold several payment lines).
 */
export async function mapKashflowJson(cm: CompiledMapping, json: unknown, options: MapOptions & { entity?: EntityKind } = {}): Promise<MappingResult[]> {
  const entity = options.entity ?? inferKashflowEntity(json);
  const records = parseKashflowDocument(entity, json, { homeCurrency: cm.currency.accountingCurrency });
  const results: MappingResult[] = [];
  for (const r of records) results.push(await mapCanonical(cm, r, options));
  return results;
}
