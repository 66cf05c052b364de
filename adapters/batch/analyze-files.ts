import { statSync } from 'node:fs';
import {
  createEngine,
  INGEST_ERROR_CODES,
  ingestError,
  parseEvent,
  type CompiledPack,
  type EngineInput,
  type EngineOptions,
  type EngineOutput,
} from '../../engine/index.js';
import { readLines } from '../jsonl/read-lines.js';
import { replayOnVirtualClock, type CallRecording } from './virtual-replay.js';

/** Options of a batch run. */
export interface AnalyzeOptions {
  readonly packs: readonly CompiledPack[];
  readonly engine?: Omit<EngineOptions, 'scheduler' | 'packs'>;
  /** Calls replayed together on one virtual clock; bounds memory on large files. */
  readonly callsPerChunk?: number;
  /** Called with every engine output, in order. */
  readonly onOutput: (output: EngineOutput) => void;
  /** Called as input is read: bytes read so far of the total. */
  readonly onProgress?: (bytesRead: number, totalBytes: number) => void;
}

/** Counts for the end-of-run summary. */
export interface AnalyzeSummary {
  calls: number;
  events: number;
  rejectedErrors: number;
  rejectedWarnings: number;
}

/**
 * Analyses recorded calls (JSONL files of protocol v1 events) on a virtual clock, as fast as the machine goes.
 * Calls are buffered until their call.ended (or the end of the input) and replayed in chunks.
 */
export async function analyzeFiles(files: readonly string[], options: AnalyzeOptions): Promise<AnalyzeSummary> {
  const summary: AnalyzeSummary = { calls: 0, events: 0, rejectedErrors: 0, rejectedWarnings: 0 };
  const callsPerChunk = options.callsPerChunk ?? 500;
  const totalBytes = files.reduce((sum, f) => sum + statSync(f).size, 0);
  let bytesBefore = 0;
  const open = new Map<string, EngineInput[]>();
  const ended = new Set<string>();
  let chunk: CallRecording[] = [];
  let loose: EngineInput[] = [];

  const emit = (output: EngineOutput) => {
    if (output.type === 'rejected') {
      if (output.error.severity === 'error') summary.rejectedErrors++;
      else summary.rejectedWarnings++;
    }
    if (output.type === 'call.opened') summary.calls++;
    options.onOutput(output);
  };
  const runChunk = () => {
    if (chunk.length === 0 && loose.length === 0) return;
    const recordings = loose.length > 0 ? [...chunk, loose] : chunk;
    const outputs = replayOnVirtualClock(recordings, (scheduler) => createEngine({ ...options.engine, scheduler, packs: () => options.packs }));
    outputs.forEach(emit);
    chunk = [];
    loose = [];
  };

  for (const file of files) {
    for await (const { text, line, bytesRead } of readLines(file)) {
      options.onProgress?.(bytesBefore + bytesRead, totalBytes);
      const source = { file, line };
      const parsed = parseEvent(text, source);
      if (!parsed.ok) {
        // Parse errors are reported with the next chunk, in input order.
        loose.push({ error: parsed.error });
        continue;
      }
      summary.events++;
      const { event } = parsed;
      if (ended.has(event.callId)) {
        loose.push({
          error: ingestError(INGEST_ERROR_CODES.CALL_ALREADY_ENDED, `call ${event.callId} already ended earlier in the input; its ${event.type} is ignored`, {
            source,
            callId: event.callId,
            eventType: event.type,
          }),
        });
        continue;
      }
      const recording = open.get(event.callId) ?? [];
      if (recording.length === 0) open.set(event.callId, recording);
      recording.push({ event, source });
      if (event.type === 'call.ended') {
        open.delete(event.callId);
        ended.add(event.callId);
        chunk.push(recording);
        if (chunk.length >= callsPerChunk) runChunk();
      }
    }
    bytesBefore += statSync(file).size;
  }
  chunk.push(...open.values());
  runChunk();
  return summary;
}
