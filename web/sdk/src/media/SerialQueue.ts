/**
 * Runs async tasks one after another, in the order they were queued. SDP negotiations must not interleave: an offer
 * arriving while another is being answered waits for it.
 */
export class SerialQueue {
  #tail: Promise<unknown> = Promise.resolve();

  /** Queues `task`; resolves or rejects with its result once it has run. */
  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(task, task);
    // The chain goes on whatever the task's outcome; the caller sees the failure through `result`.
    this.#tail = result.catch(() => undefined);
    return result;
  }
}
