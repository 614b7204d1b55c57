import type { DemoTab } from "./DemoBrowser.js";

// The room's stage as laid out in the page: every tile's <video> box, its object-fit and its frames' size, and from
// those what picture the user sees (how much of the frame is cut off, its shape on screen). No test-only code in the
// demo: everything comes from the DOM and the computed style.

export interface Rect {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

export interface TileVideo {
  readonly user: string;
  /** The <video> element's box (the tile's inside). */
  readonly box: Rect;
  readonly objectFit: string;
  readonly videoWidth: number;
  readonly videoHeight: number;
}

export interface StageGeometry {
  /** The video grid's box ([data-testid=video-grid]) and the stage frame around it (.stage-video). */
  readonly grid: Rect;
  readonly stage: Rect;
  readonly viewport: { readonly width: number; readonly height: number };
  readonly tiles: readonly TileVideo[];
}

/** What the user sees of one video: the picture's box on screen, the share of the frame cut off, its shape. */
export interface DisplayedPicture {
  readonly picture: Rect;
  /** 0: the whole frame shows; 0.5: half of it is cut off (object-fit: cover in a box of another shape). */
  readonly cropped: number;
  /** The scaled picture's width / height: the video's unless object-fit: fill stretches it to the box's. */
  readonly aspect: number;
  /** The picture's share of the box (1: no letterbox bars). */
  readonly fill: number;
}

export function stageGeometry(tab: DemoTab): Promise<StageGeometry> {
  return tab.page.evaluate(() => {
    const rect = (element: Element | null): Rect => {
      const r = element?.getBoundingClientRect();
      return { left: r?.left ?? 0, top: r?.top ?? 0, width: r?.width ?? 0, height: r?.height ?? 0 };
    };
    const grid = document.querySelector("[data-testid=video-grid]");
    const tiles = Array.from(document.querySelectorAll<HTMLElement>("[data-testid=video-grid] > [data-testid=tile]")).map((tile) => {
      const video = tile.querySelector("video");
      return {
        user: tile.dataset["user"] ?? "",
        box: rect(video),
        objectFit: video === null ? "" : getComputedStyle(video).objectFit,
        videoWidth: video?.videoWidth ?? 0,
        videoHeight: video?.videoHeight ?? 0,
      };
    });
    return { grid: rect(grid), stage: rect(grid?.closest(".stage-video") ?? null), viewport: { width: innerWidth, height: innerHeight }, tiles };
  });
}

/** The picture a <video> of `videoWidth`x`videoHeight` shows in `box` under `objectFit` (centred, the default position). */
export function displayedPicture(box: Rect, videoWidth: number, videoHeight: number, objectFit: string): DisplayedPicture {
  const toWidth = box.width / videoWidth;
  const toHeight = box.height / videoHeight;
  const scales: Record<string, [number, number]> = {
    fill: [toWidth, toHeight],
    contain: [Math.min(toWidth, toHeight), Math.min(toWidth, toHeight)],
    cover: [Math.max(toWidth, toHeight), Math.max(toWidth, toHeight)],
    none: [1, 1],
    "scale-down": [Math.min(1, toWidth, toHeight), Math.min(1, toWidth, toHeight)],
  };
  const [scaleX, scaleY] = scales[objectFit] ?? scales["fill"] ?? [toWidth, toHeight];
  const scaled = { width: videoWidth * scaleX, height: videoHeight * scaleY };
  const shown = { width: Math.min(scaled.width, box.width), height: Math.min(scaled.height, box.height) };
  return {
    picture: { left: box.left + (box.width - shown.width) / 2, top: box.top + (box.height - shown.height) / 2, ...shown },
    cropped: 1 - (shown.width * shown.height) / (scaled.width * scaled.height),
    aspect: scaled.width / scaled.height,
    fill: (shown.width * shown.height) / (box.width * box.height),
  };
}

/** How much of the box's area `a` and `b` share. */
function overlap(a: Rect, b: Rect): number {
  const width = Math.min(a.left + a.width, b.left + b.width) - Math.max(a.left, b.left);
  const height = Math.min(a.top + a.height, b.top + b.height) - Math.max(a.top, b.top);
  return width > 0 && height > 0 ? width * height : 0;
}

function inside(inner: Rect, outer: Rect, slack = 0.5): boolean {
  return inner.left >= outer.left - slack && inner.top >= outer.top - slack
    && inner.left + inner.width <= outer.left + outer.width + slack && inner.top + inner.height <= outer.top + outer.height + slack;
}

/**
 * What is wrong with the stage's layout for `users` (in order) on stage, each playing video; empty when nothing is.
 * Every picture shows whole (at most 0.5 % cut off: rounding) with its video's shape (within 2 %), fills its tile (the
 * tile follows the video's shape: bars of at most 3 %), no two tiles overlap, all lie in the stage and the stage is
 * used (the tiles span at least 90 % of its width or of its height).
 */
export function layoutProblems(geometry: StageGeometry, users: readonly string[]): string[] {
  const problems: string[] = [];
  const shown = geometry.tiles.map((tile) => tile.user);
  if (shown.join() !== users.join()) {
    problems.push(`tiles ${shown.join()} instead of ${users.join()}`);
  }

  for (const tile of geometry.tiles) {
    if (tile.videoWidth === 0 || tile.videoHeight === 0 || tile.box.width === 0 || tile.box.height === 0) {
      problems.push(`${tile.user}: no frames or no box yet`);
      continue;
    }

    const picture = displayedPicture(tile.box, tile.videoWidth, tile.videoHeight, tile.objectFit);
    const videoAspect = tile.videoWidth / tile.videoHeight;
    if (picture.cropped > 0.005) {
      problems.push(`${tile.user}: ${(picture.cropped * 100).toFixed(1)} % of the picture cut off (object-fit ${tile.objectFit})`);
    }

    if (Math.abs(picture.aspect / videoAspect - 1) > 0.02) {
      problems.push(`${tile.user}: shown at ${picture.aspect.toFixed(3)}, the video is ${videoAspect.toFixed(3)}`);
    }

    if (picture.fill < 0.97) {
      problems.push(`${tile.user}: the picture fills ${(picture.fill * 100).toFixed(1)} % of its tile`);
    }

    if (!inside(tile.box, geometry.grid)) {
      problems.push(`${tile.user}: outside the stage`);
    }
  }

  geometry.tiles.forEach((a, i) => geometry.tiles.slice(i + 1).forEach((b) => {
    if (overlap(a.box, b.box) > 1) {
      problems.push(`${a.user} and ${b.user} overlap`);
    }
  }));
  if (!inside(geometry.grid, geometry.stage)) {
    problems.push("the grid sticks out of the stage frame");
  }

  const spanX = Math.max(...geometry.tiles.map((t) => t.box.left + t.box.width)) - Math.min(...geometry.tiles.map((t) => t.box.left));
  const spanY = Math.max(...geometry.tiles.map((t) => t.box.top + t.box.height)) - Math.min(...geometry.tiles.map((t) => t.box.top));
  if (geometry.tiles.length > 0 && spanX < 0.9 * geometry.grid.width && spanY < 0.9 * geometry.grid.height) {
    problems.push(`the tiles span ${spanX.toFixed(0)}x${spanY.toFixed(0)} of a ${geometry.grid.width.toFixed(0)}x${geometry.grid.height.toFixed(0)} stage`);
  }

  return problems;
}
