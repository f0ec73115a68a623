// Small DOM helpers: elements are built with properties and text, never from HTML strings.

type Attributes = Record<string, string | number | boolean | undefined>;

/** An element with attributes (data-*, aria-*, ...) and children (text or nodes). */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: (Node | string | null | undefined)[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) if (child !== null && child !== undefined) element.append(child);
  return element;
}

/** The element with this id, which the page must have. */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`#${id} is missing from the page`);
  return element as T;
}

/** Replaces an element's content. */
export function fill(parent: Element, ...children: (Node | string | null | undefined)[]): void {
  parent.replaceChildren(
    ...children.filter((child): child is Node | string => child !== null && child !== undefined),
  );
}

/** A status line: polite for information, an alert for a failure. */
export function message(text: string, kind: 'info' | 'error' | 'warning' = 'info'): HTMLParagraphElement {
  return el('p', { class: `message ${kind}`, role: kind === 'error' ? 'alert' : undefined }, text);
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
