import type { MessageInitShape } from "@bufbuild/protobuf";
import type { MessageElement as WireElement, MessageElementSchema } from "../gen/protocol.js";
import type { MessageElement } from "./MessageElement.js";

/** The wire form of an element. */
export function elementToWire(element: MessageElement): MessageInitShape<typeof MessageElementSchema> {
  return element.type === "text"
    ? { element: { case: "text", value: { text: element.text } } }
    : { element: { case: "custom", value: { data: element.data, desc: element.desc, ext: element.ext } } };
}

/** The SDK's form of a wire element; undefined for element kinds this SDK does not know. */
export function elementFromWire(element: WireElement): MessageElement | undefined {
  switch (element.element.case) {
    case "text":
      return { type: "text", text: element.element.value.text };
    case "custom":
      return { type: "custom", data: element.element.value.data, desc: element.element.value.desc, ext: element.element.value.ext };
    default:
      return undefined;
  }
}
