import { describe, expect, it } from 'vitest';
import {
  describeHostMiss,
  hostInDomain,
  hostPatternCovers,
  normalizeHostPattern,
} from '../../../engine/network/hosts.js';

describe('normalizeHostPattern', () => {
  it.for([
    ['https://*.events.data.microsoft.com', '*.events.data.microsoft.com'],
    ['https://admin.na.aadrm.com/admin/admin.svc', 'admin.na.aadrm.com'],
    ['HTTPS://User@Config.Edge.Skype.COM:443/x?y#z', 'config.edge.skype.com'],
    ['  *.Protection.Outlook.com.  ', '*.protection.outlook.com'],
    ['outlook.com?x', 'outlook.com'],
    ['.outlook.com', '.outlook.com'],
    ['*', '*'],
    ['*.', '*'],
    ['xn--bcher-kva.example', 'xn--bcher-kva.example'],
    ['bücher.example', 'bücher.example'],
  ] as const)('%s → %s', ([input, expected]) => {
    expect(normalizeHostPattern(input)).toBe(expected);
  });

  it.for(['', ' ', '.', 'a..b', 'a b.com', 'https://', '/path', 'a.com:443:1', '..a', 42, null])(
    'rejects %j',
    (input) => {
      expect(() => normalizeHostPattern(input)).toThrow(TypeError);
    },
  );
});

describe('hostPatternCovers', () => {
  it.for([
    // the source document's URLs
    ['*.protection.outlook.com', '*.protection.outlook.com', true],
    ['*.outlook.com', '*.protection.outlook.com', true],
    ['protection.outlook.com', '*.protection.outlook.com', false],
    ['*.office.com', '*.protection.outlook.com', false],
    ['*.outlook.com', 'outlook.com', false],
    ['*.protection.outlook.com', 'x.protection.outlook.com', true],
    ['*.protection.outlook.com', 'a.b.protection.outlook.com', true],
    ['*.protection.outlook.com', 'protection.outlook.com', false],
    ['*.outlook.com', 'a.b.outlook.com', true],
    ['https://*.events.data.microsoft.com', '*.events.data.microsoft.com', true],
    ['*.data.microsoft.com', 'https://*.events.data.microsoft.com/', true],
    ['*.microsoft.com', '*.aria.microsoft.com', true],
    ['config.edge.skype.com', 'config.edge.skype.com', true],
    ['CONFIG.EDGE.SKYPE.COM.', 'config.edge.skype.com', true],
    ['*.skype.com', 'config.edge.skype.com', true],
    ['*.edge.skype.com', 'config.edge.skype.com', true],
    ['config.edge.skype.com', '*.edge.skype.com', false],
    // bare * and required wildcards
    ['*', '*.protection.outlook.com', true],
    ['*', '*', true],
    ['*', 'outlook.com', true],
    ['*.com', '*', false],
    ['*.com', '*.outlook.com', true],
    ['*outlook.com', '*.outlook.com', true],
    ['*outlook.com', 'outlook.com', false],
    ['*.outlook.com', '*outlook.com', false],
    ['x*.outlook.com', '*.outlook.com', false],
    ['*.*.outlook.com', '*.outlook.com', false],
    ['*.*.outlook.com', '*.protection.outlook.com', true],
    ['*.*', '*.outlook.com', true],
    ['**', '*', false],
    ['**', '*.com', true],
    ['outlook.*', 'outlook.com', true],
    ['outlook.*', 'outlook.*', true],
    ['outlook.com', 'outlook.*', false],
    // leading dot: the domain and its subdomains
    ['.outlook.com', 'outlook.com', true],
    ['.outlook.com', '*.protection.outlook.com', true],
    ['.outlook.com', '.outlook.com', true],
    ['*.outlook.com', '.outlook.com', false],
    ['.protection.outlook.com', '*.outlook.com', false],
    // similar-looking hosts must not match
    ['*.outlook.com', 'outlook.com.evil.example', false],
    ['*.outlook.com', 'evil-outlook.com', false],
    ['outlook.com', 'xoutlook.com', false],
  ] as const)('%s covers %s → %s', ([entry, required, expected]) => {
    expect(hostPatternCovers(entry, required)).toBe(expected);
  });

  it('throws TypeError on malformed patterns', () => {
    expect(() => hostPatternCovers('a..b', 'x.com')).toThrow(TypeError);
    expect(() => hostPatternCovers('x.com', 7)).toThrow(TypeError);
  });

  it('stays fast on many wildcards', () => {
    const many = `${'*a'.repeat(100)}.com`;
    expect(hostPatternCovers(many, `${'a'.repeat(99)}.com`)).toBe(false);
  });
});

describe('hostInDomain', () => {
  it.for([
    ['*.aadrm.com', 'aadrm.com', true],
    ['*.aadrm.com', 'admin.na.aadrm.com', true],
    ['*.aadrm.com', 'https://admin.na.aadrm.com/admin/admin.svc', true],
    ['aadrm.com', 'admin.na.aadrm.com', true],
    ['.aadrm.com', 'aadrm.com', true],
    ['*.aadrm.com', 'notaadrm.com', false],
    ['*.aadrm.com', 'aadrm.com.evil.example', false],
    ['admin.*.aadrm.com', 'admin.na.aadrm.com', true],
    ['admin.*.aadrm.com', 'aadrm.com', false],
  ] as const)('%s holds %s → %s', ([domain, host, expected]) => {
    expect(hostInDomain(domain, host)).toBe(expected);
  });
});

describe('describeHostMiss', () => {
  it.for([
    ['protection.outlook.com', '*.protection.outlook.com', 'protection.outlook.com does not cover subdomains'],
    ['*.outlook.com', 'outlook.com', '*.outlook.com covers subdomains of outlook.com but not outlook.com itself'],
    ['*.office.com', '*.protection.outlook.com', undefined],
    ['mail.outlook.com', '*.protection.outlook.com', 'mail.outlook.com does not cover *.protection.outlook.com'],
    ['*.outlook.com', '*.protection.outlook.com', undefined],
    ['bad..entry', '*.outlook.com', undefined],
  ] as const)('%s vs %s → %s', ([entry, required, expected]) => {
    expect(describeHostMiss(entry, required)).toBe(expected);
  });
});
