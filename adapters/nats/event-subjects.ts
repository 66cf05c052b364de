/** The subject prefix events are published under: `callcoach.events.<partition>`. */
export const DEFAULT_EVENT_SUBJECT_PREFIX = 'callcoach.events';
/** The JetStream stream that keeps them. */
export const DEFAULT_EVENT_STREAM = 'CALLCOACH_EVENTS';

/**
 * The partition a call belongs to (FNV-1a over its id). Every event of a call goes to one partition, so one worker
 * sees the whole call, in order; workers split the partitions between them.
 */
export function partitionOf(callId: string, partitions: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < callId.length; i++) {
    hash ^= callId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % partitions;
}

/** The subject of one partition. */
export function partitionSubject(prefix: string, partition: number): string {
  return `${prefix}.${partition}`;
}

/** Parses "0-7", "0,2,4" or "3" into partition numbers, each below `total`. */
export function parsePartitions(spec: string, total: number): number[] {
  const out = new Set<number>();
  for (const part of spec.split(',')) {
    const range = /^\s*(\d+)\s*(?:-\s*(\d+))?\s*$/.exec(part);
    if (!range) throw new Error(`partition list "${spec}" must look like 0-7 or 0,2,4`);
    const from = Number(range[1]);
    const to = range[2] === undefined ? from : Number(range[2]);
    if (to < from || to >= total) throw new Error(`partitions must lie between 0 and ${total - 1}; got "${part.trim()}"`);
    for (let p = from; p <= to; p++) out.add(p);
  }
  return [...out].sort((a, b) => a - b);
}

/**
 * A call id as one subject token (base64url: no dots, spaces or wildcards). Each call has a subject of its own inside
 * its partition, so a worker taking a call over reads back exactly that call's events from the stream.
 */
export function callToken(callId: string): string {
  return Buffer.from(callId, 'utf8').toString('base64url');
}

/** The subject of one call's events: `<prefix>.<partition>.<call token>`. */
export function callSubject(prefix: string, partitions: number, callId: string): string {
  return `${partitionSubject(prefix, partitionOf(callId, partitions))}.${callToken(callId)}`;
}

/** Every call subject of one partition (a partition consumer's filter). */
export function partitionFilter(prefix: string, partition: number): string {
  return `${partitionSubject(prefix, partition)}.>`;
}
