/**
 * AX 2012 country/region ids (LogisticsAddressCountryRegion, ISO 3166 alpha-3 in standard
 * setups). A subset large enough for the seed and typical trading partners.
 */
export const COUNTRY_REGION_IDS: ReadonlySet<string> = new Set([
  'GBR', 'IRL', 'NLD', 'FRA', 'GRC', 'DEU', 'USA', 'AUS', 'ESP', 'ITA', 'BEL', 'LUX', 'PRT', 'AUT', 'CHE', 'SWE', 'NOR', 'DNK',
  'FIN', 'ISL', 'POL', 'CZE', 'SVK', 'HUN', 'SVN', 'HRV', 'ROU', 'BGR', 'EST', 'LVA', 'LTU', 'MLT', 'CYP', 'CAN', 'MEX', 'BRA',
  'ARG', 'CHL', 'JPN', 'CHN', 'HKG', 'SGP', 'IND', 'NZL', 'ZAF', 'ARE', 'SAU', 'ISR', 'TUR', 'KOR', 'TWN', 'MYS', 'THA',
]);
