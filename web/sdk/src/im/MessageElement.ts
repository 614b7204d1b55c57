/** A text element (IMSDK's TIMTextElem). */
export interface TextElement {
  readonly type: "text";
  readonly text: string;
}

/** A custom element (IMSDK's TIMCustomElem): opaque bytes plus two strings. iLiveSDK's live commands are custom elements. */
export interface CustomElement {
  readonly type: "custom";
  readonly data: Uint8Array;
  readonly desc: string;
  readonly ext: string;
}

/** One element of a message. */
export type MessageElement = TextElement | CustomElement;
