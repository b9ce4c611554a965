/** Word lists for realistic, deterministic sandbox data. Invented names; any resemblance is chance. */

export const COMPANY_STEMS = [
  'Brightwater', 'Harrow', 'Kestrel', 'Millbrook', 'Oakridge', 'Pennine', 'Redfern', 'Saltmarsh',
  'Thornbury', 'Wexcombe', 'Ashdown', 'Bramley', 'Calder', 'Dunmore', 'Elmstead', 'Fenwick',
  'Glenholm', 'Hartwell', 'Ivybridge', 'Juniper', 'Kingsley', 'Larkspur', 'Marlow', 'Northgate',
  'Ormsby', 'Palmer', 'Quayside', 'Ravensworth', 'Stanmore', 'Tidewell', 'Upton', 'Vale',
  'Westbury', 'Yardley', 'Alder', 'Beacon', 'Copperfield', 'Drayton', 'Eastleigh', 'Foxley',
] as const;

export const COMPANY_TRADES = [
  'Joinery', 'Catering', 'Print', 'Engineering', 'Garden Supplies', 'Office Supplies', 'Interiors',
  'Electrical', 'Logistics', 'Coffee Roasters', 'Bakery', 'Design', 'Plumbing', 'Textiles',
  'Outdoor', 'Bicycles', 'Books', 'Ceramics', 'Pet Supplies', 'Consulting',
] as const;

export const COMPANY_SUFFIXES = ['Ltd', 'Limited', 'LLP', '& Co', 'Ltd', 'Ltd'] as const;

export const FIRST_NAMES = [
  'Oliver', 'Amelia', 'Harry', 'Isla', 'George', 'Ava', 'Noah', 'Mia', 'Jack', 'Ivy', 'Leo', 'Lily',
  'Arthur', 'Freya', 'Muhammad', 'Grace', 'Oscar', 'Sophia', 'Charlie', 'Evie', 'Priya', 'Tomasz',
  'Siobhan', 'Rhys', 'Aisha', 'Declan', 'Mei', 'Kwame',
] as const;

export const LAST_NAMES = [
  'Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Johnson', 'Davies', 'Patel', 'Robinson',
  'Wright', 'Thompson', 'Evans', 'Walker', 'White', 'Roberts', 'Green', 'Hall', 'Wood', 'Jackson',
  "O'Neill", 'Kowalski', 'Nguyen', 'McLeod', 'Okafor', 'Hughes',
] as const;

export const STREETS = [
  'High Street', 'Station Road', 'Church Lane', 'Mill Lane', 'Victoria Road', 'Park Road', 'The Green',
  'Queen Street', 'King Street', 'Market Place', 'Bridge Street', 'London Road', 'Manor Way',
  'Riverside', 'Albert Road', 'Castle Street',
] as const;

/** UK towns with a plausible county and outward postcode district. */
export const UK_TOWNS: readonly { town: string; county: string; outward: readonly string[] }[] = [
  { town: 'Leeds', county: 'West Yorkshire', outward: ['LS1', 'LS6', 'LS11'] },
  { town: 'Manchester', county: 'Greater Manchester', outward: ['M1', 'M4', 'M20'] },
  { town: 'Bristol', county: 'Bristol', outward: ['BS1', 'BS8', 'BS16'] },
  { town: 'Norwich', county: 'Norfolk', outward: ['NR1', 'NR2', 'NR4'] },
  { town: 'York', county: 'North Yorkshire', outward: ['YO1', 'YO10', 'YO31'] },
  { town: 'Exeter', county: 'Devon', outward: ['EX1', 'EX2', 'EX4'] },
  { town: 'Cardiff', county: 'South Glamorgan', outward: ['CF10', 'CF11', 'CF24'] },
  { town: 'Edinburgh', county: 'Midlothian', outward: ['EH1', 'EH3', 'EH10'] },
  { town: 'Belfast', county: 'County Antrim', outward: ['BT1', 'BT7', 'BT9'] },
  { town: 'Nottingham', county: 'Nottinghamshire', outward: ['NG1', 'NG5', 'NG7'] },
  { town: 'Cambridge', county: 'Cambridgeshire', outward: ['CB1', 'CB2', 'CB4'] },
  { town: 'Brighton', county: 'East Sussex', outward: ['BN1', 'BN2', 'BN3'] },
  { town: 'London', county: 'Greater London', outward: ['EC1A', 'N1', 'SE1', 'SW11', 'E2'] },
  { town: 'Oxford', county: 'Oxfordshire', outward: ['OX1', 'OX2', 'OX4'] },
];

/** Foreign customers' towns: ISO alpha-2 country code as KashFlow uses it (Greece is `EL`). */
export const FOREIGN_TOWNS: readonly { town: string; countryCode: string; countryName: string; postCode: string; currency: string }[] = [
  { town: 'Dublin', countryCode: 'IE', countryName: 'Ireland', postCode: 'D02 X285', currency: 'EUR' },
  { town: 'Rotterdam', countryCode: 'NL', countryName: 'Netherlands', postCode: '3011 AA', currency: 'EUR' },
  { town: 'Lyon', countryCode: 'FR', countryName: 'France', postCode: '69002', currency: 'EUR' },
  { town: 'Athens', countryCode: 'EL', countryName: 'Greece', postCode: '105 57', currency: 'EUR' },
  { town: 'Boston', countryCode: 'US', countryName: 'United States', postCode: '02108', currency: 'USD' },
  { town: 'Melbourne', countryCode: 'AU', countryName: 'Australia', postCode: '3000', currency: 'AUD' },
];

export const PRODUCT_NAMES = [
  'Oak Shelf Bracket', 'Walnut Desk Tidy', 'Linen Apron', 'Enamel Mug', 'Copper Watering Can',
  'Seed Starter Kit', 'Recycled Notebook A5', 'Fountain Pen', 'Wool Throw', 'Stoneware Bowl',
  'Cast Iron Trivet', 'Beeswax Candle', 'Leather Key Fob', 'Bamboo Chopping Board', 'Tea Caddy',
  'Bike Repair Kit', 'Dog Lead', 'Cotton Tote Bag', 'Desk Lamp', 'Wall Clock',
] as const;

export const SERVICE_NAMES = ['Installation (per hour)', 'Consultancy (per day)', 'Design Service', 'Annual Support Plan', 'Delivery Charge'] as const;
