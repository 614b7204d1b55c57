import assert from "node:assert/strict";
import { LiveError } from "@openlive/sdk";

/** The LiveError (of the built bundle) a promise rejects with; fails the test otherwise. */
export async function rejection(promise: Promise<unknown>): Promise<LiveError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof LiveError, `expected a LiveError, got ${String(error)}`);
    return error;
  }

  assert.fail("expected a rejection");
}
