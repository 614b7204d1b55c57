/** A listener of one event type. */
export type Listener<T> = (event: T) => void;

/**
 * A tiny typed event emitter: `on("name", (event) => …)` with the event's type checked against the owner's event map.
 * Listeners run synchronously, in registration order; a listener that throws does not stop the others or the SDK
 * (the error is rethrown on a fresh task, where the host reports it as uncaught).
 */
export class TypedEmitter<Events extends object> {
  readonly #listeners = new Map<keyof Events, Set<Listener<never>>>();

  /** Adds a listener; returns a function that removes it. */
  on<K extends keyof Events>(type: K, listener: Listener<Events[K]>): () => void {
    let set = this.#listeners.get(type);
    if (set === undefined) {
      set = new Set();
      this.#listeners.set(type, set);
    }

    set.add(listener as Listener<never>);
    return () => this.off(type, listener);
  }

  /** Adds a listener that runs once. */
  once<K extends keyof Events>(type: K, listener: Listener<Events[K]>): () => void {
    const off = this.on(type, (event) => {
      off();
      listener(event);
    });
    return off;
  }

  /** Removes a listener. */
  off<K extends keyof Events>(type: K, listener: Listener<Events[K]>): void {
    this.#listeners.get(type)?.delete(listener as Listener<never>);
  }

  /** Resolves with the next event of a type. */
  next<K extends keyof Events>(type: K): Promise<Events[K]> {
    return new Promise((resolve) => {
      this.once(type, resolve);
    });
  }

  /** Calls the listeners of `type` with `event`. */
  protected emit<K extends keyof Events>(type: K, event: Events[K]): void {
    const set = this.#listeners.get(type);
    if (set === undefined) {
      return;
    }

    for (const listener of [...set]) {
      try {
        (listener as Listener<Events[K]>)(event);
      } catch (error) {
        setTimeout(() => {
          throw error;
        }, 0);
      }
    }
  }
}
