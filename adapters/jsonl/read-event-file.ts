import { parseEvent, type EngineInput } from '../../engine/index.js';
import { readLines } from './read-lines.js';

/** Reads a whole JSONL events file into engine inputs, in order; bad lines become errors naming file:line. */
export async function readEventFile(file: string): Promise<EngineInput[]> {
  const inputs: EngineInput[] = [];
  for await (const { text, line } of readLines(file)) {
    const parsed = parseEvent(text, { file, line });
    inputs.push(parsed.ok ? { event: parsed.event, source: { file, line } } : { error: parsed.error });
  }
  return inputs;
}
