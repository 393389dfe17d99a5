// Traceability: every numbered requirement of the AIP pack issue and the rules that encode it.

export interface Requirement {
  /** Number in the issue "The complete AIP requirements rule pack v1.0.0". */
  number: number;
  summary: string;
  rules: string[];
}

export const REQUIREMENTS: readonly Requirement[] = [
  {
    number: 1,
    summary: 'labels and label policies: *.protection.outlook.com over HTTPS',
    rules: ['aip.network.labels-download'],
  },
  {
    number: 2,
    summary: 'an authenticating proxy uses integrated Windows authentication',
    rules: ['aip.network.proxy-authentication'],
  },
  {
    number: 3,
    summary: 'PAC-file proxy: UseDefaultCredentialsInProxy = DWORD 1',
    rules: ['aip.network.proxy-pac-credentials'],
  },
  {
    number: 4,
    summary: 'no TLS termination to aadrm.com',
    rules: ['aip.network.tls-inspection-aadrm', 'aip.network.aadrm-certificate-issuer'],
  },
  { number: 5, summary: 'TLS 1.2 or higher with the unified labeling client', rules: ['aip.network.tls-version'] },
  { number: 6, summary: 'config.edge.skype.com (ECS)', rules: ['aip.network.ecs-config'] },
  {
    number: 7,
    summary: 'audit logging URLs',
    rules: ['aip.network.audit-events', 'aip.network.audit-aria-android'],
  },
  { number: 8, summary: 'NSGs allow the AIP service tags on all ports', rules: ['aip.network.nsg-service-tags'] },
  { number: 9, summary: 'NSGs allow the AIP addresses on TCP 443', rules: ['aip.network.nsg-aip-addresses'] },
  { number: 10, summary: 'same users on both services only for HYOK', rules: ['aip.coexistence.same-user-hyok'] },
  { number: 11, summary: 'not during a migration', rules: ['aip.coexistence.migration-side-by-side'] },
  { number: 12, summary: 'supported migration paths only', rules: ['aip.coexistence.migration-path'] },
  {
    number: 13,
    summary: 'exclusivity enforced by service-side controls',
    rules: ['aip.coexistence.exclusive-protection'],
  },
  {
    number: 14,
    summary: 'an AD RMS to Azure RMS migration uses redirections',
    rules: ['aip.coexistence.migration-redirection'],
  },
  {
    number: 15,
    summary: 'directory synchronization of every forest for the connector',
    rules: ['aip.connector.directory-sync'],
  },
  { number: 16, summary: 'Exchange Server 2013, 2016, 2019', rules: ['aip.connector.exchange'] },
  { number: 17, summary: 'SharePoint Server 2013, 2016, 2019', rules: ['aip.connector.sharepoint'] },
  {
    number: 18,
    summary: 'FCI file servers on Windows Server 2012, 2012 R2, 2016',
    rules: ['aip.connector.file-server'],
  },
  { number: 19, summary: 'Windows 10 or 11 on x86 or x64', rules: ['aip.os.windows'] },
  { number: 20, summary: 'macOS 10.8 or later', rules: ['aip.os.macos'] },
  { number: 21, summary: 'Android 6.0 or later', rules: ['aip.os.android'] },
  { number: 22, summary: 'iOS/iPadOS 11.0 or later', rules: ['aip.os.ios'] },
  { number: 23, summary: 'Windows 10 Mobile', rules: ['aip.os.windows-mobile'] },
];

/**
 * Rules whose failing finding is a warning rather than an error, and why. None: by the severity policy of
 * docs/rules.md every rule encodes a "must", "don't", "only supported" or a supported-versions list, which is an error;
 * ECS's "may affect" describes the impact of a "must", not a weaker requirement.
 */
export const WARNING_RULES: Readonly<Record<string, string>> = {};
