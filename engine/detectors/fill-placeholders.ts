/** Fills {name} placeholders of a card's title or text; unknown placeholders stay as written. */
export function fillPlaceholders(template: string, values: Readonly<Record<string, string | number | undefined>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = values[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? formatNumber(value) : value;
  });
}

/** Seconds from milliseconds, to one decimal at most (23, 29.9). */
export function seconds(ms: number): number {
  return Math.round(ms / 100) / 10;
}

function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}
