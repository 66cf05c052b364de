/** Attributes for `element`: `class`, `text`, dataset entries (`data-…`), anything else as an attribute. */
export type ElementProps = Readonly<Record<string, string | number | boolean | undefined>>;

/**
 * A new element with its attributes and children. Text goes in as text (never HTML), so transcript words and names
 * cannot inject markup; `false`/`undefined` attributes are left off.
 */
export function element<K extends keyof HTMLElementTagNameMap>(tag: K, props: ElementProps = {}, ...children: ReadonlyArray<Node | string | undefined>): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === false) continue;
    if (name === 'text') node.textContent = String(value);
    else if (name === 'class') node.className = String(value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) if (child !== undefined) node.append(child);
  return node;
}

/** Puts a message in a live region; the same text twice in a row is still announced. */
export function announce(region: HTMLElement, text: string): void {
  region.textContent = '';
  // A separate task, so screen readers see a change even when the text repeats.
  setTimeout(() => (region.textContent = text), 30);
}
