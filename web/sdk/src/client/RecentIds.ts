/**
 * The ids of the last messages seen: a C2C message delivered live and again from the inbox at the next login (before
 * its acknowledgement reached the server) is raised once.
 */
export class RecentIds {
  readonly #capacity: number;
  readonly #ids = new Set<string>();

  constructor(capacity = 4096) {
    this.#capacity = capacity;
  }

  /** True the first time an id is seen (among the last `capacity`). */
  firstSighting(id: string): boolean {
    if (this.#ids.has(id)) {
      return false;
    }

    this.#ids.add(id);
    if (this.#ids.size > this.#capacity) {
      // A Set iterates in insertion order: the first is the oldest.
      const oldest = this.#ids.values().next();
      if (oldest.done !== true) {
        this.#ids.delete(oldest.value);
      }
    }

    return true;
  }
}
