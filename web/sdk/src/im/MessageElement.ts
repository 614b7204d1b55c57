/** A text element (IMSDK's TIMTextElem). */
export interface TextElement {
  /** Marks a text element. */
  readonly type: "text";
  /** The text. */
  readonly text: string;
}

/** A custom element (IMSDK's TIMCustomElem): opaque bytes plus two strings. iLiveSDK's live commands are custom elements. */
export interface CustomElement {
  /** Marks a custom element. */
  readonly type: "custom";
  /** The app's bytes. */
  readonly data: Uint8Array;
  /** A description (TIMCustomElem's desc; offline push shows it). */
  readonly desc: string;
  /** An extension string (TIMCustomElem's ext), for the app. */
  readonly ext: string;
}

/** One element of a message. */
export type MessageElement = TextElement | CustomElement;
