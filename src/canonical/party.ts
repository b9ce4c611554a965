import { z } from 'zod';
import { CurrencyCodeSchema, DateSchema, HashSchema } from './scalars.js';
import { SourceRefSchema } from './source.js';

/** A postal address as the source holds it: free lines plus post code and country. */
export const AddressSchema = z
  .object({
    /** Address lines in source order (KashFlow `Line1..Line4`), trimmed; empty lines kept as ''. */
    lines: z.array(z.string()).max(8),
    postCode: z.string(),
    /** ISO 3166 alpha-2 as the source wrote it (KashFlow uses `EL` for Greece), upper case; '' when unknown. */
    countryCode: z.string().regex(/^([A-Z]{2})?$/, 'expected a 2-letter country code'),
    countryName: z.string(),
  })
  .strict();
export type Address = z.infer<typeof AddressSchema>;

export const ContactSchema = z
  .object({
    name: z.string(),
    firstName: z.string(),
    lastName: z.string(),
    email: z.string(),
    telephone: z.string(),
    mobile: z.string(),
  })
  .strict();
export type Contact = z.infer<typeof ContactSchema>;

/** Payment terms as days after a base date. */
export const PaymentTermsSchema = z
  .object({
    days: z.number().int().min(0).max(3650),
    /** `AfterIssuedDate` or `AfterMonthEnd` (KashFlow wording); other source values kept as text. */
    type: z.string(),
  })
  .strict();
export type PaymentTerms = z.infer<typeof PaymentTermsSchema>;

/** A customer or supplier. */
export const PartySchema = z
  .object({
    source: SourceRefSchema,
    hash: HashSchema,
    kind: z.enum(['customer', 'supplier']),
    code: z.string().min(1),
    name: z.string().min(1),
    contacts: z.array(ContactSchema),
    address: AddressSchema.optional(),
    deliveryAddress: AddressSchema.optional(),
    email: z.string(),
    telephone: z.string(),
    website: z.string(),
    currency: CurrencyCodeSchema.optional(),
    paymentTerms: PaymentTermsSchema.optional(),
    vatNumber: z.string(),
    registeredInEC: z.boolean(),
    registeredOutsideEC: z.boolean(),
    defaultNominalCode: z.number().int().optional(),
    /** Default payment method id (suppliers). */
    paymentMethodId: z.number().int().optional(),
    /** Custom text fields by name (KashFlow `CustomTextBoxes`). */
    customText: z.record(z.string(), z.string()),
    /** Custom check boxes by name (KashFlow `CustomCheckBoxes`). */
    customChecks: z.record(z.string(), z.boolean()),
    archived: z.boolean(),
    createdDate: DateSchema.optional(),
    lastUpdatedDate: DateSchema.optional(),
  })
  .strict();
export type Party = z.infer<typeof PartySchema>;
