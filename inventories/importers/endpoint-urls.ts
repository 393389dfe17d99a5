// Importer for the Compliance Utility's EndpointURLs.log: certificate issuers observed on service endpoints.

import { readFormatList } from '../formats/powershell.js';
import { readExportDate } from './dates.js';
import type { Importer, ImportResult } from './importer.js';
import { PartBuilder } from './part-builder.js';

interface Block {
  endpoint?: { value: string; line: number };
  url?: { value: string; line: number; column: number };
  issuer?: { value: string; line: number; column: number };
  observedAt?: string;
}

/** The host of a URL line (`https://admin.na.aadrm.com/admin/admin.svc` → `admin.na.aadrm.com`). */
function hostOf(url: string): string {
  return url.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').split(/[/?#:]/, 1)[0] ?? url;
}

/**
 * The EndpointURLs.log importer. The log has a `Tenant Id:` header, a `Date/Timestamp:` (`yyMMdd-HHmmss`,
 * local time of the collecting machine, read as UTC) and blocks of `Endpoint:`, `URL:` and `Issuer:` lines;
 * each block becomes a `network.certificateObservations` entry with the URL's host as `endpoint`. A block
 * without an issuer (the endpoint could not be reached) is a row error.
 */
export function createEndpointUrlsImporter(): Importer {
  return {
    name: 'endpoint-urls-log',
    description: 'Compliance Utility EndpointURLs.log (Endpoint: / URL: / Issuer: blocks)',
    supplies: [
      {
        fact: 'network.certificateObservations',
        command: 'EndpointURLs.log of the AIP Compliance Utility, run on a client behind the TLS-inspecting proxy',
      },
    ],
    detect(input) {
      const head = input.slice(0, 16384);
      return /^Endpoint:\s*\S/m.test(head) && /^(URL|Issuer):\s*\S/m.test(head);
    },
    import(input, file): ImportResult {
      const builder = new PartBuilder(file, 'endpoint-urls-log');
      const blocks: Block[] = [];
      let observedAt: string | undefined;
      for (const entry of readFormatList(input)) {
        const key = entry.key.toLowerCase();
        if (key === 'date/timestamp') {
          const date = readExportDate(entry.value);
          observedAt = date.kind === 'date' ? date.iso : undefined;
        } else if (key === 'endpoint') {
          blocks.push({ endpoint: { value: entry.value, line: entry.line }, observedAt });
        } else if (key === 'url' || key === 'issuer') {
          let block = blocks[blocks.length - 1];
          if (!block || block[key]) {
            block = { observedAt };
            blocks.push(block);
          }
          block[key] = { value: entry.value, line: entry.line, column: entry.column };
        }
      }
      const observations: Record<string, unknown>[] = [];
      for (const block of blocks) {
        const line = block.endpoint?.line ?? block.url?.line ?? block.issuer?.line ?? 1;
        const endpoint = block.url ? hostOf(block.url.value) : block.endpoint?.value;
        if (!block.issuer?.value || !endpoint) {
          builder.rowError(
            { line, column: 1 },
            `${endpoint ?? 'endpoint'}: block without ${block.issuer?.value ? 'a URL' : 'an Issuer'}`,
          );
          continue;
        }
        const pointer = ['network', 'certificateObservations', observations.length];
        const observation: Record<string, unknown> = { endpoint, issuer: block.issuer.value };
        if (block.observedAt) observation.observedAt = block.observedAt;
        observations.push(observation);
        builder.set(pointer, { line, column: 1 });
        if (block.url) builder.set([...pointer, 'endpoint'], { line: block.url.line, column: block.url.column });
        builder.set([...pointer, 'issuer'], { line: block.issuer.line, column: block.issuer.column });
      }
      if (observations.length > 0) {
        builder.network({ line: 1, column: 1 }).certificateObservations = observations;
        // The list as a whole points at its first observation, where a reader starts looking.
        builder.set(
          ['network', 'certificateObservations'],
          builder.map.locate(['network', 'certificateObservations', 0]),
        );
      }
      return builder.result();
    },
  };
}
