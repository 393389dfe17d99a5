// Product classification tables: which product a numeric version belongs to, shared by importers and rules.
import { compareParsedVersions, parseVersion } from './compare.js';

/** One product's versions: `min` ≤ version < `max` (no `max`: every later version). */
export interface VersionRange {
  product: string;
  min: string;
  max?: string;
}

/** Non-overlapping ranges, in ascending order. */
export type VersionTable = readonly VersionRange[];

export type VersionTableName = 'windows-client' | 'windows-server' | 'exchange' | 'sharepoint' | 'windows-mobile';

/**
 * Windows client releases by `major.minor.build`. NT 6.x: one product per minor version, from its release build
 * to the next minor version. Builds 10.0.19046–10.0.21999 were Insider previews between Windows 10 22H2 (19045)
 * and Windows 11 (22000): no product.
 */
export const WINDOWS_CLIENT: VersionTable = [
  { product: 'Windows Vista', min: '6.0.6000', max: '6.1' },
  { product: 'Windows 7', min: '6.1.7600', max: '6.2' },
  { product: 'Windows 8', min: '6.2.9200', max: '6.3' },
  { product: 'Windows 8.1', min: '6.3.9600', max: '6.4' },
  { product: 'Windows 10', min: '10.0.10240', max: '10.0.19046' },
  { product: 'Windows 11', min: '10.0.22000' },
];

/**
 * Windows Server releases. Since 2016, updates change only the fourth segment (10.0.14393.6452), so each release
 * owns its build number; a range runs from a release's build to the next release's build, so a preview build
 * counts as the release before it. Semi-Annual Channel releases (1709 … 20H2, 23H2) are products of their own: they
 * share no build with an LTSC release (1809 is 17763, the build of Server 2019) and are not Server 2016/2019/2022.
 * 6.4 – 10.0.14392 were Technical Previews: no product.
 */
export const WINDOWS_SERVER: VersionTable = [
  { product: 'Windows Server 2008', min: '6.0.6001', max: '6.1' },
  { product: 'Windows Server 2008 R2', min: '6.1.7600', max: '6.2' },
  { product: 'Windows Server 2012', min: '6.2.9200', max: '6.3' },
  { product: 'Windows Server 2012 R2', min: '6.3.9600', max: '6.4' },
  { product: 'Windows Server 2016', min: '10.0.14393', max: '10.0.16299' },
  { product: 'Windows Server, version 1709', min: '10.0.16299', max: '10.0.17134' },
  { product: 'Windows Server, version 1803', min: '10.0.17134', max: '10.0.17763' },
  { product: 'Windows Server 2019', min: '10.0.17763', max: '10.0.18362' },
  { product: 'Windows Server, version 1903', min: '10.0.18362', max: '10.0.18363' },
  { product: 'Windows Server, version 1909', min: '10.0.18363', max: '10.0.19041' },
  { product: 'Windows Server, version 2004', min: '10.0.19041', max: '10.0.19042' },
  { product: 'Windows Server, version 20H2', min: '10.0.19042', max: '10.0.20348' },
  { product: 'Windows Server 2022', min: '10.0.20348', max: '10.0.25398' },
  { product: 'Windows Server, version 23H2', min: '10.0.25398', max: '10.0.26100' },
  { product: 'Windows Server 2025', min: '10.0.26100' },
];

/** Exchange Server by build: 2013/2016/2019 share major 15; Exchange Server SE continues 15.2 from build 2562. */
export const EXCHANGE: VersionTable = [
  { product: 'Exchange Server 2007', min: '8', max: '9' },
  { product: 'Exchange Server 2010', min: '14', max: '15' },
  { product: 'Exchange Server 2013', min: '15.0', max: '15.1' },
  { product: 'Exchange Server 2016', min: '15.1', max: '15.2' },
  { product: 'Exchange Server 2019', min: '15.2', max: '15.2.2562' },
  { product: 'Exchange Server SE', min: '15.2.2562' },
];

/** SharePoint Server by build: 2016, 2019 and Subscription Edition all report 16.0 and differ by build. */
export const SHAREPOINT: VersionTable = [
  { product: 'Office SharePoint Server 2007', min: '12.0', max: '12.1' },
  { product: 'SharePoint Server 2010', min: '14.0', max: '14.1' },
  { product: 'SharePoint Server 2013', min: '15.0', max: '15.1' },
  { product: 'SharePoint Server 2016', min: '16.0', max: '16.0.10000' },
  { product: 'SharePoint Server 2019', min: '16.0.10000', max: '16.0.14000' },
  { product: 'SharePoint Server Subscription Edition', min: '16.0.14000' },
];

/**
 * Windows phones. Windows Phone 8.1 reports 8.10.x (so "8.1" itself is no product: normalize it to 8.10 first).
 * Windows 10 Mobile shipped 10.0.10586 (1511) to 10.0.15254 (1709); the range starts at 10.0.10240 (Windows 10
 * RTM) so late Insider builds count, and ends at 10.0.16000, a build no Mobile release reached.
 */
export const WINDOWS_MOBILE: VersionTable = [
  { product: 'Windows Phone 8', min: '8.0', max: '8.1' },
  { product: 'Windows Phone 8.1', min: '8.10', max: '8.11' },
  { product: 'Windows 10 Mobile', min: '10.0.10240', max: '10.0.16000' },
];

/** Every table, by the name rules use in `versionClassIn`. */
export const VERSION_TABLES: Readonly<Record<VersionTableName, VersionTable>> = {
  exchange: EXCHANGE,
  sharepoint: SHAREPOINT,
  'windows-client': WINDOWS_CLIENT,
  'windows-mobile': WINDOWS_MOBILE,
  'windows-server': WINDOWS_SERVER,
};

/** Whether `name` names a table in {@link VERSION_TABLES}. */
export function isVersionTableName(name: unknown): name is VersionTableName {
  return typeof name === 'string' && Object.hasOwn(VERSION_TABLES, name);
}

interface ParsedRange {
  product: string;
  min: number[];
  max: number[] | undefined;
}

const parsedTables = new WeakMap<VersionTable, ParsedRange[]>();

function parseTable(table: VersionTable): ParsedRange[] {
  let parsed = parsedTables.get(table);
  if (!parsed) {
    parsed = table.map(({ product, min, max }) => ({
      product,
      min: parseVersion(min),
      max: max === undefined ? undefined : parseVersion(max),
    }));
    parsedTables.set(table, parsed);
  }
  return parsed;
}

/**
 * The product whose range holds `version` (min inclusive, max exclusive), or undefined when none does.
 *
 * @param table a table or the name of one in {@link VERSION_TABLES}
 * @throws {TypeError} when the version is malformed or the table name is unknown.
 */
export function classifyVersion(table: VersionTable | VersionTableName, version: unknown): string | undefined {
  const ranges = parseTable(resolveTable(table));
  const parsed = parseVersion(version);
  const range = ranges.find(
    ({ min, max }) =>
      compareParsedVersions(parsed, min) >= 0 && (max === undefined || compareParsedVersions(parsed, max) < 0),
  );
  return range?.product;
}

function resolveTable(table: VersionTable | VersionTableName): VersionTable {
  if (typeof table !== 'string') return table;
  if (!isVersionTableName(table)) throw new TypeError(`unknown version table '${table}'`);
  return VERSION_TABLES[table];
}

/**
 * Every product `version` could be when it is read as a prefix: `15.2` stands for any build 15.2.x, so it could be
 * Exchange Server 2019 or Exchange Server SE; `6.3` could only be Windows Server 2012 R2. A full build names one
 * product at most. Products are listed in table order; the list is empty when no release matches.
 *
 * @param table a table or the name of one in {@link VERSION_TABLES}
 * @throws {TypeError} when the version is malformed or the table name is unknown.
 */
export function candidateProducts(table: VersionTable | VersionTableName, version: unknown): string[] {
  const ranges = parseTable(resolveTable(table));
  const low = parseVersion(version);
  const high = [...low.slice(0, -1), (low[low.length - 1] as number) + 1];
  return ranges
    .filter(
      ({ min, max }) =>
        compareParsedVersions(min, high) < 0 && (max === undefined || compareParsedVersions(max, low) > 0),
    )
    .map((range) => range.product);
}

/**
 * The Windows Server release whose own build a version has when no Windows client release has it (10.0.20348 is
 * Server 2022 and no client); undefined otherwise, and for anything but a dotted version of three parts or more.
 * Only a release build counts: the server table's ranges also hold previews, which prove nothing.
 */
export function serverOnlyRelease(version: unknown): string | undefined {
  if (typeof version !== 'string' && typeof version !== 'number') return undefined;
  const text = String(version).trim();
  if (!/^\d+(\.\d+){2,}$/.test(text) || candidateProducts(WINDOWS_CLIENT, text).length > 0) return undefined;
  const build = text.split('.').slice(0, 3).map(Number).join('.');
  return WINDOWS_SERVER.find((release) => release.min === build)?.product;
}
