// A very small DOM helper: elements from a tag, attributes/properties and children. No framework: each screen builds
// its elements once and updates the few that change.

type Child = Node | string | number | false | null | undefined;

type Props = {
  class?: string;
  text?: string;
  dataset?: Record<string, string>;
  on?: Partial<{ [K in keyof HTMLElementEventMap]: (event: HTMLElementEventMap[K]) => void }>;
  attrs?: Record<string, string>;
} & Record<string, unknown>;

/** Creates an element: `h("button", { class: "primary", on: { click } }, "Go")`. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props?: Props | null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (props) {
    for (const [key, value] of Object.entries(props)) {
      if (value === undefined) {
        continue;
      }

      switch (key) {
        case "class":
          element.className = String(value);
          break;
        case "text":
          element.textContent = String(value);
          break;
        case "dataset":
          Object.assign(element.dataset, value);
          break;
        case "attrs":
          for (const [name, attr] of Object.entries(value as Record<string, string>)) {
            element.setAttribute(name, attr);
          }

          break;
        case "on":
          for (const [name, handler] of Object.entries(value as Record<string, EventListener>)) {
            element.addEventListener(name, handler);
          }

          break;
        default:
          (element as unknown as Record<string, unknown>)[key] = value;
      }
    }
  }

  append(element, ...children);
  return element;
}

/** Appends children, skipping empty ones. */
export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) {
      continue;
    }

    parent.appendChild(typeof child === "string" || typeof child === "number" ? document.createTextNode(String(child)) : child);
  }
}

/** Replaces an element's children. */
export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, ...children);
}

/** A short clock time (14:05). */
export function clockTime(date: Date): string {
  return date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
}

/** A duration as 1:05:09 or 5:09. */
export function duration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, "0");
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, "0")}:${seconds}` : `${minutes}:${seconds}`;
}

/** The initials of a user id, for avatars. */
export function initials(userId: string): string {
  const parts = userId.split(/[^\p{L}\p{N}]+/u).filter((part) => part.length > 0);
  const letters = parts.length > 1 ? `${parts[0]?.[0] ?? ""}${parts[1]?.[0] ?? ""}` : userId.slice(0, 2);
  return letters.toUpperCase();
}

/** A stable hue for a user id (avatar and name colours). */
export function hueOf(userId: string): number {
  let hash = 0;
  for (const char of userId) {
    hash = (hash * 31 + (char.codePointAt(0) ?? 0)) >>> 0;
  }

  return hash % 360;
}
