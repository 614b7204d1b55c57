/** A tile's place in the stage, in CSS pixels from the stage's top left corner. */
export interface TileRect {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

/** The stage's inner box and the space between tiles. */
export interface StageBox {
  readonly width: number;
  readonly height: number;
  readonly gap: number;
}

/**
 * Places tiles whose shapes are their videos' aspect ratios (width / height) in the stage, as large as they fit: every
 * split of the tiles, in order, into 1..n rows is tried (the tiles of a row share a height and fill the stage's width,
 * all rows shrink alike when they are too tall together), and the split showing the most picture wins (a split with
 * more rows only when it shows clearly more). So two tiles sit side by side on a wide stage and one above the other on
 * a tall one, and no tile is ever cropped or stretched.
 */
export function layoutStage(aspects: readonly number[], box: StageBox): TileRect[] {
  if (aspects.length === 0 || box.width <= 0 || box.height <= 0) {
    return [];
  }

  let best: { rows: number[][]; heights: number[]; area: number } | undefined;
  for (let rowCount = 1; rowCount <= aspects.length; rowCount++) {
    const rows = splitIntoRows(aspects, rowCount);
    const heights = rowHeights(rows, box);
    const area = rows.reduce((sum, row, i) => sum + row.reduce((a, b) => a + b, 0) * (heights[i] ?? 0) ** 2, 0);
    // Only clearly more picture (10 %) is worth another row: side by side reads better on a wide stage, where
    // stacking often wins by a few per cent only because the stage is a little less wide than the pair.
    if (best === undefined || area > best.area * 1.1) {
      best = { rows, heights, area };
    }
  }

  return place(best?.rows ?? [], best?.heights ?? [], box);
}

/** The natural height of the stage for `width`: the tiles stacked in one column at the full width (a phone's stage). */
export function stackedHeight(aspects: readonly number[], width: number, gap: number): number {
  return aspects.reduce((sum, aspect) => sum + width / aspect, 0) + gap * Math.max(0, aspects.length - 1);
}

/** The tiles in order, in `rowCount` rows as even as can be (the earlier rows take the extra tile). */
function splitIntoRows(aspects: readonly number[], rowCount: number): number[][] {
  const rows: number[][] = [];
  let next = 0;
  for (let row = 0; row < rowCount; row++) {
    const size = Math.ceil((aspects.length - next) / (rowCount - row));
    rows.push(aspects.slice(next, next + size));
    next += size;
  }

  return rows;
}

/** Each row as tall as fills the width, then all scaled down alike when the rows overflow the height. */
function rowHeights(rows: readonly number[][], box: StageBox): number[] {
  const fitWidth = rows.map((row) => Math.max(0, box.width - box.gap * (row.length - 1)) / row.reduce((a, b) => a + b, 0));
  const total = fitWidth.reduce((a, b) => a + b, 0);
  const room = Math.max(0, box.height - box.gap * (rows.length - 1));
  const scale = total > room ? room / total : 1;
  return fitWidth.map((height) => height * scale);
}

/** The rows centred in the stage, each row's tiles centred in it. */
function place(rows: readonly number[][], heights: readonly number[], box: StageBox): TileRect[] {
  const used = heights.reduce((a, b) => a + b, 0) + box.gap * (rows.length - 1);
  let top = (box.height - used) / 2;
  const rects: TileRect[] = [];
  rows.forEach((row, i) => {
    const height = heights[i] ?? 0;
    const widths = row.map((aspect) => aspect * height);
    let left = (box.width - widths.reduce((a, b) => a + b, 0) - box.gap * (row.length - 1)) / 2;
    for (const width of widths) {
      rects.push({ left, top, width, height });
      left += width + box.gap;
    }

    top += height + box.gap;
  });
  return rects;
}
