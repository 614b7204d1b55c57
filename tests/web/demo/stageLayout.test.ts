import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { layoutStage, stackedHeight, type TileRect } from "../../../web/demo/src/app/room/stageLayout.js";

// The stage's arithmetic on its own (the browser checks of the same layouts are in layout.test.ts): tiles keep their
// videos' shapes, stay apart and inside, side by side on a wide stage and stacked on a tall one.

const wide = 16 / 9;
const standard = 4 / 3;
const gap = 4;

function assertSound(rects: readonly TileRect[], aspects: readonly number[], width: number, height: number): void {
  assert.equal(rects.length, aspects.length);
  rects.forEach((rect, i) => {
    assert.ok(Math.abs(rect.width / rect.height - (aspects[i] ?? 0)) < 1e-9, `tile ${i} keeps its shape`);
    assert.ok(rect.left >= -1e-9 && rect.top >= -1e-9 && rect.left + rect.width <= width + 1e-9 && rect.top + rect.height <= height + 1e-9, `tile ${i} inside`);
    rects.slice(i + 1).forEach((other) => {
      const apart = rect.left + rect.width <= other.left + 1e-9 || other.left + other.width <= rect.left + 1e-9
        || rect.top + rect.height <= other.top + 1e-9 || other.top + other.height <= rect.top + 1e-9;
      assert.ok(apart, `tile ${i} apart from the next`);
    });
  });
}

describe("layoutStage", () => {
  it("one 16:9 tile on a wider stage: full height, centred", () => {
    const [tile] = layoutStage([wide], { width: 1000, height: 450, gap });
    assert.deepEqual(tile, { left: 100, top: 0, width: 800, height: 450 });
  });

  it("one 16:9 tile on a phone's taller stage: full width, centred", () => {
    const [tile] = layoutStage([wide], { width: 360, height: 300, gap });
    assert.ok(tile !== undefined);
    assert.equal(tile.width, 360);
    assert.equal(tile.top, (300 - 202.5) / 2);
  });

  it("a 16:9 host and a 4:3 co-host: side by side on a wide stage, sharing one height", () => {
    const aspects = [wide, standard];
    const rects = layoutStage(aspects, { width: 1600, height: 500, gap });
    assertSound(rects, aspects, 1600, 500);
    assert.equal(rects[0]?.top, rects[1]?.top);
    assert.ok((rects[0]?.left ?? 0) < (rects[1]?.left ?? 0));
    assert.equal(rects[0]?.height, 500);
  });

  it("the same two on a tall stage (a phone's): one above the other", () => {
    const aspects = [wide, standard];
    const rects = layoutStage(aspects, { width: 360, height: 420, gap });
    assertSound(rects, aspects, 360, 420);
    assert.ok((rects[0]?.top ?? 0) + (rects[0]?.height ?? 0) <= (rects[1]?.top ?? 0));
    assert.equal(rects[0]?.width, 360, "the wider tile spans the stage");
  });

  it("a few per cent more picture is not worth a second row: side by side stays", () => {
    // Two 16:9 tiles, stage 1.7:1: stacked tiles would be 4.3 % taller than side-by-side ones.
    const aspects = [wide, wide];
    const rects = layoutStage(aspects, { width: 1020, height: 600, gap });
    assert.equal(rects[0]?.top, rects[1]?.top);
  });

  it("five tiles: in rows of 3 and 2, all inside and apart", () => {
    const aspects = [wide, standard, wide, wide, standard];
    const rects = layoutStage(aspects, { width: 900, height: 500, gap });
    assertSound(rects, aspects, 900, 500);
    assert.deepEqual(rects.map((rect) => rect.top === rects[0]?.top ? "first" : rect.top === rects[4]?.top ? "second" : "other"), ["first", "first", "first", "second", "second"]);
    assert.notEqual(rects[0]?.top, rects[4]?.top);
  });

  it("an empty or collapsed stage places nothing", () => {
    assert.deepEqual(layoutStage([], { width: 500, height: 500, gap }), []);
    assert.deepEqual(layoutStage([wide], { width: 0, height: 500, gap }), []);
  });
});

describe("stackedHeight", () => {
  it("is the tiles stacked at the height the widest one has at the full width", () => {
    assert.equal(stackedHeight([wide], 320, gap), 180);
    assert.equal(stackedHeight([wide, standard], 320, gap), 180 * 2 + gap);
    assert.equal(stackedHeight([], 320, gap), 0);
  });
});
