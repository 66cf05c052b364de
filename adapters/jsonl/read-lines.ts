import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

/** One line of a text file with its 1-based number and the bytes read so far (for progress). */
export interface NumberedLine {
  readonly text: string;
  readonly line: number;
  readonly bytesRead: number;
}

/** Streams a file's lines without loading it whole. Blank lines are skipped. */
export async function* readLines(file: string): AsyncGenerator<NumberedLine> {
  const stream = createReadStream(file, { encoding: 'utf8' });
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let line = 0;
  try {
    for await (const text of lines) {
      line++;
      if (text.trim() === '') continue;
      yield { text, line, bytesRead: stream.bytesRead };
    }
  } finally {
    lines.close();
    stream.destroy();
  }
}
