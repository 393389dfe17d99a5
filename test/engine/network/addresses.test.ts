import { describe, expect, it } from 'vitest';
import {
  addressContains,
  isAddressOrPrefix,
  isPublicAddress,
  parseAddress,
  parsePrefix,
} from '../../../engine/network/addresses.js';

describe('parseAddress and parsePrefix', () => {
  it.for([
    ['13.107.6.198', '13.107.6.198/32'],
    [' 2620:1ec:4::198 ', '2620:1ec:4::198/128'],
    ['::ffff:13.107.6.198', '13.107.6.198/32'],
    ['13.107.6.0/24', '13.107.6.0/24'],
    ['2620:1ec:4::/48', '2620:1ec:4::/48'],
    ['::ffff:10.0.0.0/104', '10.0.0.0/8'],
    ['0.0.0.0/0', '0.0.0.0/0'],
    ['::/0', '::/0'],
  ] as const)('%s → %s', ([input, expected]) => {
    const [address, bits] = parsePrefix(input);
    expect(`${address.toString()}/${bits}`).toBe(expected);
  });

  it.for([
    '10',
    '0x0a.0.0.1',
    '1.2.3',
    '256.0.0.1',
    '10.0.0.0/33',
    '::/129',
    '10.0.0.0/',
    '10.0.0.0/8/8',
    'AzureCloud',
    '',
    4,
  ])('rejects %j', (input) => {
    expect(() => parsePrefix(input)).toThrow(TypeError);
    expect(isAddressOrPrefix(input)).toBe(false);
  });

  it('rejects prefixes as addresses', () => {
    expect(() => parseAddress('10.0.0.0/8')).toThrow(TypeError);
  });
});

describe('addressContains', () => {
  it.for([
    ['13.107.6.0/24', '13.107.6.198', true],
    ['13.107.6.0/24', '13.107.7.0', false],
    ['13.107.6.0/24', '13.107.5.255', false],
    ['13.107.6.198', '13.107.6.198', true],
    ['13.107.6.198/32', '13.107.6.199', false],
    ['13.107.0.0/16', '13.107.9.181', true],
    ['0.0.0.0/0', '13.107.9.198', true],
    ['0.0.0.0/0', '2620:1ec:4::198', false],
    ['::/0', '2620:1ec:4::198', true],
    ['::/0', '13.107.9.198', false],
    ['2620:1ec:4::/48', '2620:1ec:4::198', true],
    ['2620:1ec:4::/48', '2620:1ec:a92::198', false],
    ['2620:1ec::/36', '2620:1ec:a92::198', true],
    ['13.107.6.0/24', '::ffff:13.107.6.198', true],
    ['::ffff:13.107.6.0/120', '13.107.6.198', true],
    ['10.0.0.1/8', '10.200.0.1', true],
  ] as const)('%s contains %s → %s', ([prefix, address, expected]) => {
    expect(addressContains(prefix, address)).toBe(expected);
  });

  it('throws TypeError on garbage', () => {
    expect(() => addressContains('garbage', '1.2.3.4')).toThrow(TypeError);
    expect(() => addressContains('1.2.3.0/24', 'garbage')).toThrow(TypeError);
    expect(() => addressContains('1.2.3.0/24', '1.2.3.0/25')).toThrow(TypeError);
  });
});

describe('isPublicAddress', () => {
  it.for([
    ['13.107.6.198', true],
    ['2620:1ec:4::198', true],
    ['10.1.2.3', false],
    ['172.16.0.1', false],
    ['192.168.1.1', false],
    ['100.64.0.1', false],
    ['127.0.0.1', false],
    ['169.254.169.254', false],
    ['192.0.2.1', false],
    ['224.0.0.1', false],
    ['fc00::1', false],
    ['fe80::1', false],
    ['::1', false],
    ['::ffff:10.0.0.1', false],
  ] as const)('%s → %s', ([address, expected]) => {
    expect(isPublicAddress(address)).toBe(expected);
  });
});
