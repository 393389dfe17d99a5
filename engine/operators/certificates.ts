// The issuersFromOrganization operator: were the certificates seen for an endpoint issued by the expected CA owner?
import { getDnAttributes } from '../network/certificates.js';
import { hostInDomain, normalizeHostPattern } from '../network/hosts.js';
import { type CompiledOperator, type Operator, recordValueErrors } from './operator.js';

/** One observed TLS certificate: the endpoint (host or URL) it was seen on and its issuer DN. */
export interface CertificateObservation {
  endpoint: string;
  issuer: string;
}

/** Value of `issuersFromOrganization`. */
export interface IssuersFromOrganizationValue {
  /** Host pattern; `*.aadrm.com`, `.aadrm.com` and `aadrm.com` all mean aadrm.com and its subdomains. */
  endpoint: string;
  /** The issuer's `O=` attribute that is expected, compared case-insensitively. */
  organization: string;
}

interface Verdict {
  observation: CertificateObservation;
  organizations: string[];
  ok: boolean;
}

function readValue(value: unknown): IssuersFromOrganizationValue {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError('issuersFromOrganization needs a value { endpoint, organization }');
  }
  const { endpoint, organization } = value as Partial<IssuersFromOrganizationValue>;
  normalizeHostPattern(endpoint);
  if (typeof organization !== 'string' || organization.trim() === '') {
    throw new TypeError('issuersFromOrganization needs an organization string');
  }
  return { endpoint: endpoint as string, organization };
}

function sameName(a: string, b: string): boolean {
  return a.trim().replace(/\s+/g, ' ').toLowerCase() === b.trim().replace(/\s+/g, ' ').toLowerCase();
}

function judge(fact: unknown, wanted: IssuersFromOrganizationValue): Verdict[] {
  if (!Array.isArray(fact)) throw new TypeError('issuersFromOrganization needs an array of certificate observations');
  const verdicts: Verdict[] = [];
  for (const observation of fact as CertificateObservation[]) {
    if (typeof observation !== 'object' || observation === null) {
      throw new TypeError('a certificate observation must be an object { endpoint, issuer }');
    }
    if (!hostInDomain(wanted.endpoint, observation.endpoint)) continue;
    const organizations = getDnAttributes(observation.issuer, 'O');
    const ok = organizations.some((organization) => sameName(organization, wanted.organization));
    verdicts.push({ observation, organizations, ok });
  }
  return verdicts;
}

/**
 * `issuersFromOrganization`: fact = certificate observations `{ endpoint, issuer }[]` (endpoint: host or
 * URL; issuer: DN as Windows prints it); value = `{ endpoint, organization }`. True when every observation
 * of an endpoint in the domain (`*.aadrm.com` also holds `aadrm.com`: the source names "the aadrm.com URL")
 * has an issuer whose `O=` equals `organization`, case-insensitively. Other endpoints are ignored; with no
 * observation of the domain it is undecided (no evidence either way), so the outcome is unknown, never a pass on
 * an empty set.
 */
export const issuersFromOrganization: Operator = {
  name: 'issuersFromOrganization',
  valueSchema: {
    type: 'object',
    required: ['endpoint', 'organization'],
    additionalProperties: false,
    properties: {
      endpoint: { type: 'string', errorMessage: 'endpoint must be a host pattern' },
      organization: { type: 'string', pattern: '\\S', errorMessage: 'needs an organization string' },
    },
    errorMessage: recordValueErrors('{ endpoint, organization }'),
  },
  compile: (value): CompiledOperator => {
    const wanted = readValue(value);
    return {
      test: (fact) => {
        const verdicts = judge(fact, wanted);
        if (verdicts.some((verdict) => !verdict.ok)) return false;
        return verdicts.length > 0 ? true : undefined;
      },
      explain: (fact) => {
        const verdicts = judge(fact, wanted);
        const bad = verdicts.find((verdict) => !verdict.ok);
        if (bad) {
          const { endpoint, issuer } = bad.observation;
          const found =
            bad.organizations.length > 0 ? `organization ${bad.organizations.join(', ')}` : 'no organization';
          return `${endpoint} presented a certificate issued by '${issuer}' (${found}, not ${wanted.organization})`;
        }
        if (verdicts.length === 0) {
          const others = Array.isArray(fact) ? fact.length : 0;
          return `a certificate observed for ${wanted.endpoint} (${others === 0 ? 'no observation was collected' : `the ${others} observation(s) collected are all for other hosts`})`;
        }
        const count = verdicts.length === 1 ? 'the certificate' : `all ${verdicts.length} certificates`;
        const were = verdicts.length === 1 ? 'was' : 'were';
        return `${count} observed for ${wanted.endpoint} ${were} issued by ${wanted.organization}`;
      },
      evidence: (fact) => {
        const verdicts = judge(fact, wanted);
        const shown = verdicts.find((verdict) => !verdict.ok) ?? verdicts[0];
        if (!shown) return { certificateObservation: null };
        const { endpoint, issuer } = shown.observation;
        return { certificateObservation: { endpoint, issuer, organizations: shown.organizations, ok: shown.ok } };
      },
    };
  },
};
