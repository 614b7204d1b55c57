// VP8 RTP payloads, as far as the tests need them: find keyframes, and renumber picture ids when a recording is
// replayed in a loop (a decoder that sees picture ids jump back treats the frames as old).
//
// RFC 7741 §4.2, the payload descriptor:
//        0 1 2 3 4 5 6 7
//       +-+-+-+-+-+-+-+-+
//       |X|R|N|S|R| PID | (REQUIRED)
//       +-+-+-+-+-+-+-+-+
//  X:   |I|L|T|K| RSV   | (OPTIONAL)
//       +-+-+-+-+-+-+-+-+
//  I:   |M| PictureID   | (OPTIONAL; 15 bits when M is set, else 7)
//       +-+-+-+-+-+-+-+-+
//       |   PictureID   |
//       +-+-+-+-+-+-+-+-+
//  L:   |   TL0PICIDX   | (OPTIONAL)
//       +-+-+-+-+-+-+-+-+
//  T/K: |TID|Y| KEYIDX  | (OPTIONAL)
//       +-+-+-+-+-+-+-+-+
// RFC 7741 §4.3, the first byte of the VP8 payload header (at the start of partition 0):
//       +-+-+-+-+-+-+-+-+
//       |Size0|H| VER |P|   P: 0 for a keyframe (the inverse key frame flag)
//       +-+-+-+-+-+-+-+-+

/** Where the descriptor's fields are in one payload. */
export interface Vp8Descriptor {
  /** Bytes of descriptor before the VP8 data. */
  readonly length: number;
  /** S set and PID 0: this packet starts the frame. */
  readonly startsFrame: boolean;
  /** Offset of the picture id, or -1 when absent. */
  readonly pictureIdOffset: number;
  /** 7 or 15 (0 when absent). */
  readonly pictureIdBits: number;
  /** Offset of TL0PICIDX, or -1 when absent. */
  readonly tl0PicIdxOffset: number;
}

/** Reads the descriptor; undefined when the payload is too short for what its bits announce. */
export function parseVp8Descriptor(payload: Uint8Array): Vp8Descriptor | undefined {
  const first = payload[0];
  if (first === undefined) {
    return undefined;
  }

  let offset = 1;
  let pictureIdOffset = -1;
  let pictureIdBits = 0;
  let tl0PicIdxOffset = -1;
  if ((first & 0x80) !== 0) {
    const extended = payload[offset++];
    if (extended === undefined) {
      return undefined;
    }

    if ((extended & 0x80) !== 0) {
      const picture = payload[offset];
      if (picture === undefined) {
        return undefined;
      }

      pictureIdOffset = offset;
      pictureIdBits = (picture & 0x80) !== 0 ? 15 : 7;
      offset += pictureIdBits === 15 ? 2 : 1;
    }

    if ((extended & 0x40) !== 0) {
      tl0PicIdxOffset = offset++;
    }

    if ((extended & 0x30) !== 0) {
      offset++;
    }
  }

  if (offset >= payload.length) {
    return undefined;
  }

  return { length: offset, startsFrame: (first & 0x10) !== 0 && (first & 0x07) === 0, pictureIdOffset, pictureIdBits, tl0PicIdxOffset };
}

/** True for the first packet of a keyframe. */
export function isVp8KeyframeStart(payload: Uint8Array): boolean {
  const descriptor = parseVp8Descriptor(payload);
  return descriptor !== undefined && descriptor.startsFrame && ((payload[descriptor.length] ?? 1) & 0x01) === 0;
}

/**
 * The frame size a keyframe's first packet announces, or undefined for any other packet. RFC 6386 §9.1: after the
 * 3-byte frame tag, a keyframe has the start code 9d 01 2a, then 14-bit width and height (little-endian, the top two
 * bits of each a scale).
 */
export function vp8KeyframeSize(payload: Uint8Array): { width: number; height: number } | undefined {
  const descriptor = parseVp8Descriptor(payload);
  if (descriptor === undefined || !isVp8KeyframeStart(payload) || payload.length < descriptor.length + 10) {
    return undefined;
  }

  const at = descriptor.length + 3;
  if (payload[at] !== 0x9d || payload[at + 1] !== 0x01 || payload[at + 2] !== 0x2a) {
    return undefined;
  }

  const word = (offset: number) => ((payload[offset] ?? 0) | ((payload[offset + 1] ?? 0) << 8)) & 0x3fff;
  return { width: word(at + 3), height: word(at + 5) };
}

/** Writes `frameNumber` as the picture id (and TL0PICIDX) in place; each replayed frame gets the next number. */
export function renumberVp8(payload: Uint8Array, frameNumber: number): void {
  const descriptor = parseVp8Descriptor(payload);
  if (descriptor === undefined) {
    return;
  }

  if (descriptor.pictureIdBits === 15) {
    payload[descriptor.pictureIdOffset] = 0x80 | ((frameNumber >> 8) & 0x7f);
    payload[descriptor.pictureIdOffset + 1] = frameNumber & 0xff;
  } else if (descriptor.pictureIdBits === 7) {
    payload[descriptor.pictureIdOffset] = frameNumber & 0x7f;
  }

  if (descriptor.tl0PicIdxOffset >= 0) {
    payload[descriptor.tl0PicIdxOffset] = frameNumber & 0xff;
  }
}
