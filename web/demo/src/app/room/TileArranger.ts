import { layoutStage, stackedHeight } from "./stageLayout.js";

/** Until a tile's video has frames (or while it has none), its tile keeps a camera's usual shape. */
const defaultAspect = 16 / 9;
/** The space around and between tiles (px). */
const gap = 4;

/**
 * Sizes and places a grid's tiles: each tile takes its video's aspect ratio (videoWidth / videoHeight), so the whole
 * picture shows (no crop, no stretch), as large as the grid's box allows ({@link layoutStage}). It lays them out again
 * when the box or a video's size changes, and tells the CSS `--stacked-height` (the tiles one above the other, the
 * widest at the box's width), which a phone's stage uses for its height.
 */
export class TileArranger {
  readonly #grid: HTMLElement;
  readonly #observer: ResizeObserver;
  #frame: number | undefined;

  constructor(grid: HTMLElement) {
    this.#grid = grid;
    this.#observer = new ResizeObserver(() => this.schedule());
    this.#observer.observe(grid);
  }

  /** Lays the tiles out at the next frame (once, however many changes came before it). */
  schedule(): void {
    // Never inside the ResizeObserver's callback: a phone's grid takes its height from the layout, and changing an
    // observed box from its own callback is the "ResizeObserver loop" error.
    this.#frame ??= requestAnimationFrame(() => {
      this.#frame = undefined;
      this.#arrange();
    });
  }

  dispose(): void {
    this.#observer.disconnect();
    if (this.#frame !== undefined) {
      cancelAnimationFrame(this.#frame);
    }
  }

  #arrange(): void {
    const tiles = [...this.#grid.querySelectorAll<HTMLElement>(":scope > .tile")];
    const aspects = tiles.map(aspectOf);
    const width = this.#grid.clientWidth - 2 * gap;
    const height = this.#grid.clientHeight - 2 * gap;
    this.#grid.style.setProperty("--stacked-height", `${Math.ceil(stackedHeight(aspects, width, gap) + 2 * gap)}px`);
    const rects = layoutStage(aspects, { width, height, gap });
    tiles.forEach((tile, i) => {
      const rect = rects[i];
      if (rect !== undefined) {
        tile.style.left = `${gap + rect.left}px`;
        tile.style.top = `${gap + rect.top}px`;
        tile.style.width = `${rect.width}px`;
        tile.style.height = `${rect.height}px`;
      }
    });
  }
}

function aspectOf(tile: HTMLElement): number {
  const video = tile.querySelector("video");
  if (video === null || tile.classList.contains("no-video") || video.videoWidth === 0 || video.videoHeight === 0) {
    return defaultAspect;
  }

  return video.videoWidth / video.videoHeight;
}
