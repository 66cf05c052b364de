/** The day, ISO week and month a moment falls in (UTC), as sortable keys: 2025-03-07, 2025-W10, 2025-03. */
export function periodKeysOf(isoTime: string): { day: string; week: string; month: string } {
  const date = new Date(isoTime);
  if (Number.isNaN(date.getTime())) throw new Error(`not a time: ${JSON.stringify(isoTime)}`);
  const day = date.toISOString().slice(0, 10);
  return { day, week: isoWeekOf(date), month: day.slice(0, 7) };
}

/** ISO 8601 week: weeks start on Monday; week 1 holds the year's first Thursday. */
export function isoWeekOf(date: Date): string {
  const thursday = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  thursday.setUTCDate(thursday.getUTCDate() + 3 - ((thursday.getUTCDay() + 6) % 7));
  const jan4 = new Date(Date.UTC(thursday.getUTCFullYear(), 0, 4));
  const week = 1 + Math.round(((thursday.getTime() - jan4.getTime()) / 86_400_000 - 3 + ((jan4.getUTCDay() + 6) % 7)) / 7);
  return `${thursday.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/** The period a key names, as [start, end) ISO times: 2025-03-07, 2025-W10 or 2025-03. */
export function periodRange(key: string): { from: string; to: string } {
  let start: Date;
  let end: Date;
  const week = /^(\d{4})-W(\d{2})$/.exec(key);
  if (/^\d{4}-\d{2}-\d{2}$/.test(key)) {
    start = new Date(`${key}T00:00:00.000Z`);
    end = new Date(start.getTime() + 86_400_000);
  } else if (week) {
    const jan4 = new Date(Date.UTC(Number(week[1]), 0, 4));
    const monday = new Date(jan4.getTime() - ((jan4.getUTCDay() + 6) % 7) * 86_400_000);
    start = new Date(monday.getTime() + (Number(week[2]) - 1) * 7 * 86_400_000);
    end = new Date(start.getTime() + 7 * 86_400_000);
  } else if (/^\d{4}-\d{2}$/.test(key)) {
    start = new Date(`${key}-01T00:00:00.000Z`);
    end = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
  } else throw new Error(`a period is a day (2025-03-07), an ISO week (2025-W10) or a month (2025-03); got ${JSON.stringify(key)}`);
  if (Number.isNaN(start.getTime())) throw new Error(`not a period: ${JSON.stringify(key)}`);
  return { from: start.toISOString(), to: end.toISOString() };
}
