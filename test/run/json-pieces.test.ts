// A JSON report written in pieces by two writers at once: the same bytes as one writer, and a failure on
// either side stops both.
import { readFileSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ReportView } from '../../engine/types.js';
import { formatJson } from '../../reporters/json.js';
import { createJsonShare, OtherThreadFailed, writeJsonPieces, writeJsonTogether } from '../../run/json-pieces.js';
import { render } from '../reporters/helpers.js';
import { buildLargeReport, buildReport } from '../reporters/report-fixture.js';
import { tempDir } from '../temp-dir.js';

const large = buildLargeReport(300) as unknown as ReportView;

describe('writeJsonPieces', () => {
  // Two writers on one event loop interleave at every wait: each renders ahead while the other's piece before
  // its own has no end yet, as the two threads do.
  it.each([0, 1, 2, 5, 64, 299, 300, 1000])('two writers, pieces of %i findings, write formatJson', async (size) => {
    const file = path.join(tempDir('pieces'), 'report.json');
    const share = createJsonShare(large.findings.length, size);
    writeFileSync(file, '');
    await Promise.all([writeJsonPieces(large, share, file, 'yield'), writeJsonPieces(large, share, file, 'yield')]);
    expect(readFileSync(file, 'utf8')).toBe(render(formatJson, large as never));
  });

  it('writes an empty report', async () => {
    const empty = buildReport({ findings: [], packs: [], rules: [] }) as unknown as ReportView;
    const file = path.join(tempDir('pieces'), 'report.json');
    await writeJsonTogether(empty, file, (share) => writeJsonPieces(empty, share, file, 'yield'));
    expect(readFileSync(file, 'utf8')).toBe(render(formatJson, empty as never));
  });

  it('stops the other writer when one fails, wherever it is', async () => {
    const broken = {
      ...large,
      findings: {
        length: large.findings.length,
        [Symbol.iterator]: () => {
          throw new Error('a reporter bug');
        },
      },
    } as unknown as ReportView;
    const file = path.join(tempDir('pieces'), 'report.json');
    writeFileSync(file, '');
    const share = createJsonShare(large.findings.length, 3);
    const [good, bad] = await Promise.allSettled([
      writeJsonPieces(large, share, file, 'yield'),
      writeJsonPieces(broken, share, file, 'yield'),
    ]);
    expect(bad.status === 'rejected' && (bad.reason as Error).message).toBe('a reporter bug');
    expect(good.status === 'rejected' && good.reason).toBeInstanceOf(OtherThreadFailed);
  });

  it('reports the failure of the other side, not that it was told to stop', async () => {
    const file = path.join(tempDir('pieces'), 'report.json');
    const failure = Object.assign(new Error('disk full'), { code: 'ENOSPC' });
    // The other side fails a little later, this side perhaps already told to stop by then.
    const failing = () => new Promise<void>((_, reject) => setTimeout(() => reject(failure), 5));
    await expect(writeJsonTogether(large, file, failing, 1)).rejects.toBe(failure);
    // A write that fails on this side fails the report too.
    const handle = await open(file, 'r');
    try {
      const share = createJsonShare(large.findings.length, 10);
      await expect(writeJsonPieces(large, share, handle, 'yield')).rejects.toThrow();
    } finally {
      await handle.close();
    }
  });
});
