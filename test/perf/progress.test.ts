// The progress bar: on a terminal only, never under CI, and it says what it is doing.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgress } from '../../cli/progress.js';

function terminal(): PassThrough & { isTTY: boolean; columns: number } {
  return Object.assign(new PassThrough(), { isTTY: true, columns: 100 });
}

describe('createProgress', () => {
  it('is silent when stderr is not a terminal, or under CI', () => {
    expect(createProgress({ isTTY: false }, {})).toBeUndefined();
    expect(createProgress({}, {})).toBeUndefined();
    expect(createProgress(terminal(), { CI: 'true' })).toBeUndefined();
  });

  it('draws a bar of bytes read on a terminal, and can be stopped twice', () => {
    const stream = terminal();
    let text = '';
    stream.on('data', (chunk) => {
      text += String(chunk);
    });
    const progress = createProgress(stream, {});
    if (!progress) throw new Error('no bar on a terminal');
    progress.reading(10 * 1024 * 1024, 40 * 1024 * 1024);
    progress.writing();
    progress.stop();
    progress.stop();
    expect(text).toContain('aipcheck reading');
  });
});
