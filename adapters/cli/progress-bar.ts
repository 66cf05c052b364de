/** A one-line progress bar on a TTY (stderr); silent when output is piped. */
export function createProgressBar(stream: NodeJS.WriteStream = process.stderr): { update(done: number, total: number): void; finish(): void } {
  const enabled = stream.isTTY === true;
  let lastDrawn = -1;
  let lastAt = 0;
  return {
    update(done, total) {
      if (!enabled || total <= 0) return;
      const percent = Math.min(100, Math.floor((done / total) * 100));
      const now = Date.now();
      if (percent === lastDrawn || now - lastAt < 80) return;
      lastDrawn = percent;
      lastAt = now;
      const width = 30;
      const filled = Math.round((percent / 100) * width);
      stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(percent).padStart(3)}%`);
    },
    finish() {
      if (enabled && lastDrawn >= 0) stream.write('\r' + ' '.repeat(40) + '\r');
    },
  };
}
