import { describe, expect, it } from 'vitest';
import { compareVersions } from '../../../engine/versions/compare.js';
import {
  candidateProducts,
  classifyVersion,
  serverOnlyRelease,
  VERSION_TABLES,
  type VersionTableName,
} from '../../../engine/versions/tables.js';

type Case = readonly [string, string | undefined];

const boundaries: Record<VersionTableName, readonly Case[]> = {
  'windows-client': [
    ['6.0.5999', undefined],
    ['6.0.6000', 'Windows Vista'],
    ['6.0.6003.22000', 'Windows Vista'],
    ['6.1.7599', undefined],
    ['6.1.7600', 'Windows 7'],
    ['6.1.7601.24546', 'Windows 7'],
    ['6.2.9199', undefined],
    ['6.2.9200', 'Windows 8'],
    ['6.2.9200.24000', 'Windows 8'],
    ['6.3.9599', undefined],
    ['6.3.9600', 'Windows 8.1'],
    ['6.3.9600.21000', 'Windows 8.1'],
    ['6.4', undefined],
    ['10.0.10239.999', undefined],
    ['10.0.10240', 'Windows 10'],
    ['10.0.19045', 'Windows 10'],
    ['10.0.19045.3448', 'Windows 10'],
    ['10.0.19046', undefined],
    ['10.0.21999', undefined],
    ['10.0.21999.9999', undefined],
    ['10.0.22000', 'Windows 11'],
    ['10.0.26100.4061', 'Windows 11'],
    ['11', 'Windows 11'],
  ],
  'windows-server': [
    ['6.0.6000', undefined],
    ['6.0.6001', 'Windows Server 2008'],
    ['6.0.6003', 'Windows Server 2008'],
    ['6.0.6003.22000', 'Windows Server 2008'],
    ['6.1.7599', undefined],
    ['6.1.7600', 'Windows Server 2008 R2'],
    ['6.1.7601', 'Windows Server 2008 R2'],
    ['6.1.7601.99999', 'Windows Server 2008 R2'],
    ['6.2.9199', undefined],
    ['6.2.9200', 'Windows Server 2012'],
    ['6.2.9200.24000', 'Windows Server 2012'],
    ['6.3.9599', undefined],
    ['6.3.9600', 'Windows Server 2012 R2'],
    ['6.3.9600.99999', 'Windows Server 2012 R2'],
    ['6.4', undefined],
    ['10.0.14392.9999', undefined],
    ['10.0.14393', 'Windows Server 2016'],
    ['10.0.14393.6452', 'Windows Server 2016'],
    ['10.0.16298.9999', 'Windows Server 2016'],
    ['10.0.16299', 'Windows Server, version 1709'],
    ['10.0.17133', 'Windows Server, version 1709'],
    ['10.0.17134', 'Windows Server, version 1803'],
    ['10.0.17762.9999', 'Windows Server, version 1803'],
    ['10.0.17763', 'Windows Server 2019'],
    ['10.0.17763.5830', 'Windows Server 2019'],
    ['10.0.18361.9999', 'Windows Server 2019'],
    ['10.0.18362', 'Windows Server, version 1903'],
    ['10.0.18363', 'Windows Server, version 1909'],
    ['10.0.19040', 'Windows Server, version 1909'],
    ['10.0.19041', 'Windows Server, version 2004'],
    ['10.0.19042', 'Windows Server, version 20H2'],
    ['10.0.20347.9999', 'Windows Server, version 20H2'],
    ['10.0.20348', 'Windows Server 2022'],
    ['10.0.20348.2527', 'Windows Server 2022'],
    ['10.0.25397.9999', 'Windows Server 2022'],
    ['10.0.25398', 'Windows Server, version 23H2'],
    ['10.0.26099.9999', 'Windows Server, version 23H2'],
    ['10.0.26100', 'Windows Server 2025'],
    ['10.0.26100.4061', 'Windows Server 2025'],
  ],
  exchange: [
    ['7.9', undefined],
    ['8', 'Exchange Server 2007'],
    ['8.3.517.0', 'Exchange Server 2007'],
    ['9', undefined],
    ['13.9', undefined],
    ['14', 'Exchange Server 2010'],
    ['14.3.513.0', 'Exchange Server 2010'],
    ['14.99999', 'Exchange Server 2010'],
    ['15', 'Exchange Server 2013'],
    ['15.0.1497.48', 'Exchange Server 2013'],
    ['15.0.99999.9', 'Exchange Server 2013'],
    ['15.1', 'Exchange Server 2016'],
    ['15.1.2507.39', 'Exchange Server 2016'],
    ['15.1.99999', 'Exchange Server 2016'],
    ['15.2', 'Exchange Server 2019'],
    ['15.2.1748.10', 'Exchange Server 2019'],
    ['15.2.2561.999', 'Exchange Server 2019'],
    ['15.2.2562', 'Exchange Server SE'],
    ['15.2.2562.17', 'Exchange Server SE'],
    ['15.3', 'Exchange Server SE'],
  ],
  sharepoint: [
    ['11.9', undefined],
    ['12.0.0.6612', 'Office SharePoint Server 2007'],
    ['12.1', undefined],
    ['13.9', undefined],
    ['14.0', 'SharePoint Server 2010'],
    ['14.0.7268.5000', 'SharePoint Server 2010'],
    ['14.1', undefined],
    ['14.9', undefined],
    ['15.0', 'SharePoint Server 2013'],
    ['15.0.5589.1000', 'SharePoint Server 2013'],
    ['15.1', undefined],
    ['15.9', undefined],
    ['16.0', 'SharePoint Server 2016'],
    ['16.0.4351.1000', 'SharePoint Server 2016'],
    ['16.0.5456.1000', 'SharePoint Server 2016'],
    ['16.0.9999', 'SharePoint Server 2016'],
    ['16.0.9999.99999', 'SharePoint Server 2016'],
    ['16.0.10000', 'SharePoint Server 2019'],
    ['16.0.10337.12109', 'SharePoint Server 2019'],
    ['16.0.13999.20000', 'SharePoint Server 2019'],
    ['16.0.14000', 'SharePoint Server Subscription Edition'],
    ['16.0.14326.20450', 'SharePoint Server Subscription Edition'],
    ['16.0.18526.20508', 'SharePoint Server Subscription Edition'],
  ],
  'windows-mobile': [
    ['7.10.8858', undefined],
    ['8.0', 'Windows Phone 8'],
    ['8.0.10521.155', 'Windows Phone 8'],
    ['8.1', undefined],
    ['8.9', undefined],
    ['8.10', 'Windows Phone 8.1'],
    ['8.10.15148.160', 'Windows Phone 8.1'],
    ['8.11', undefined],
    ['10.0.10239', undefined],
    ['10.0.10240', 'Windows 10 Mobile'],
    ['10.0.10586.107', 'Windows 10 Mobile'],
    ['10.0.15254.603', 'Windows 10 Mobile'],
    ['10.0.15999.9999', 'Windows 10 Mobile'],
    ['10.0.16000', undefined],
  ],
};

describe.for(Object.entries(boundaries))('%s table', ([name, cases]) => {
  it.for(cases)('%s → %s', ([version, product]) => {
    expect(classifyVersion(name as VersionTableName, version)).toBe(product);
    expect(classifyVersion(VERSION_TABLES[name as VersionTableName], version)).toBe(product);
  });
});

describe('every table', () => {
  it.for(Object.entries(VERSION_TABLES))('%s is ascending, non-overlapping, with unique products', ([, table]) => {
    for (const [i, range] of table.entries()) {
      if (range.max !== undefined) expect(compareVersions(range.min, range.max)).toBe(-1);
      const next = table[i + 1];
      if (next) expect(range.max !== undefined && compareVersions(range.max, next.min) <= 0).toBe(true);
    }
    expect(new Set(table.map((range) => range.product)).size).toBe(table.length);
  });

  it.for(Object.keys(VERSION_TABLES))('%s has a boundary test for every product', (name) => {
    const tested = new Set(boundaries[name as VersionTableName].map(([, product]) => product));
    for (const range of VERSION_TABLES[name as VersionTableName]) expect(tested).toContain(range.product);
  });
});

describe('classifyVersion', () => {
  it('throws TypeError on malformed versions and unknown table names', () => {
    expect(() => classifyVersion('exchange', '15.2.x')).toThrow(TypeError);
    expect(() => classifyVersion('nope' as VersionTableName, '15.2')).toThrow(TypeError);
  });

  it('accepts numbers', () => {
    expect(classifyVersion('exchange', 14)).toBe('Exchange Server 2010');
  });
});

describe('candidateProducts: a version is a prefix, so a truncated one may be several releases', () => {
  it.for([
    ['exchange', '15.2', ['Exchange Server 2019', 'Exchange Server SE']],
    ['exchange', '15.2.1544.4', ['Exchange Server 2019']],
    ['exchange', '15.2.2562', ['Exchange Server SE']],
    ['exchange', '15.1', ['Exchange Server 2016']],
    ['exchange', '15', ['Exchange Server 2013', 'Exchange Server 2016', 'Exchange Server 2019', 'Exchange Server SE']],
    [
      'sharepoint',
      '16.0',
      ['SharePoint Server 2016', 'SharePoint Server 2019', 'SharePoint Server Subscription Edition'],
    ],
    ['windows-server', '6.3', ['Windows Server 2012 R2']],
    ['windows-client', '10.0', ['Windows 10', 'Windows 11']],
    ['windows-client', '10.0.21996', []],
    ['windows-mobile', '10.0', ['Windows 10 Mobile']],
  ] as const)('%s %s → %j', ([table, version, expected]) => {
    expect(candidateProducts(table, version)).toEqual(expected);
  });

  it('names a server release only for its own build that no client has', () => {
    expect(serverOnlyRelease('10.0.20348.2582')).toBe('Windows Server 2022');
    expect(serverOnlyRelease('10.0.17763.6054')).toBeUndefined();
    expect(serverOnlyRelease('10.0.21996')).toBeUndefined();
    expect(serverOnlyRelease('10.0')).toBeUndefined();
    expect(serverOnlyRelease(undefined)).toBeUndefined();
  });
});
