import { errorCatalog, ILiveErrorCode, type CatalogEntry } from "../gen/errors.js";

/** The module that reports an error, as iLiveSDK's callbacks named it. */
export type ErrorModule = "ILiveSDK" | "AVSDK" | "IMSDK" | "TLSSDK";

/** Languages the error catalog has texts in. */
export type ErrorLanguage = "en" | "zh";

const modules: ReadonlySet<string> = new Set<ErrorModule>(["ILiveSDK", "AVSDK", "IMSDK", "TLSSDK"]);
const catalog = new Map<string, CatalogEntry>(errorCatalog.map((entry) => [`${entry.module}/${entry.code}`, entry]));

/** The catalog entry of a module and code, if the tables have one. */
export function findCatalogEntry(module: string, code: number): CatalogEntry | undefined {
  return catalog.get(`${module}/${code}`);
}

/**
 * The one error type the SDK rejects with: iLiveSDK's `(module, errCode, errMsg)` triple. `module` and `code` are the
 * contract; `name` is the table's constant (`ERR_KICK_OUT`); `message` is the table's text in
 * {@link LiveError.language}; `detail` says what exactly went wrong this time (for server errors, the server's text).
 */
export class LiveError extends Error {
  /** The language of `message` for errors created from now on ("en" by default). */
  static language: ErrorLanguage = "en";

  /** The reporting module. */
  readonly module: ErrorModule;

  /** The numeric code. */
  readonly code: number;

  /** The table's constant name (`ERR_KICK_OUT`, `AV_ERR_TIMEOUT`), or "LiveError" for codes outside the tables. */
  override readonly name: string;

  /** What went wrong in this instance (which argument, which room; the server's own text for server errors). */
  readonly detail: string | undefined;

  readonly #entry: CatalogEntry | undefined;
  readonly #fallbackText: string;

  /**
   * An error for a module and code; codes in the tables get the table's name and text.
   * @param module - iLiveSDK's module of the code (ILiveSDK, AVSDK, IMSDK, TLSSDK)
   * @param code - the code within that module
   * @param detail - what went wrong in this instance (kept in {@link LiveError.detail})
   * @param options - `text`: the text for codes outside the tables (IMSDK, TLSSDK); `cause`: the error behind this one
   */
  constructor(module: ErrorModule, code: number, detail?: string, options?: { text?: string; cause?: unknown }) {
    const entry = findCatalogEntry(module, code);
    const fallbackText = options?.text ?? "";
    super(entry?.[LiveError.language] ?? fallbackText, options?.cause === undefined ? undefined : { cause: options.cause });
    this.module = module;
    this.code = code;
    this.name = entry?.name ?? "LiveError";
    this.detail = detail;
    this.#entry = entry;
    this.#fallbackText = fallbackText;
  }

  /** The table's text in a language (the server's text for codes outside the tables). */
  text(language: ErrorLanguage = LiveError.language): string {
    return this.#entry?.[language] ?? this.#fallbackText;
  }

  /** True for this module and code. */
  is(module: ErrorModule, code: number): boolean {
    return this.module === module && this.code === code;
  }

  /** `MODULE CODE NAME: text (detail)`, as the .NET SDK and the server print errors. */
  override toString(): string {
    const head = this.#entry === undefined ? `${this.module} ${this.code}` : `${this.module} ${this.code} ${this.name}`;
    const body = this.message.length > 0 ? `${head}: ${this.message}` : head;
    return this.detail === undefined || this.detail.length === 0 ? body : `${body} (${this.detail})`;
  }

  /** An ILiveSDK error. */
  static iLive(code: number, detail?: string, cause?: unknown): LiveError {
    return new LiveError("ILiveSDK", code, detail, { cause });
  }

  /** An AVSDK error. */
  static av(code: number, detail?: string, cause?: unknown): LiveError {
    return new LiveError("AVSDK", code, detail, { cause });
  }

  /**
   * The error a server frame carried. The server's message ("MODULE CODE NAME: text (detail)") becomes the detail, so
   * nothing is lost; an unknown module is a protocol failure (8052), as in the .NET SDK.
   */
  static fromWire(error: { readonly module: string; readonly code: number; readonly message: string; readonly detail?: string }): LiveError {
    if (!modules.has(error.module)) {
      return LiveError.iLive(ILiveErrorCode.ParseFail, `the server reported an unknown module '${error.module}' (code ${error.code}: ${error.message})`);
    }

    // `detail` is the server's own words (Error.detail), apart from the catalog's text; the text of a code outside
    // the tables comes from the server's whole message.
    const module = error.module as ErrorModule;
    const detail = error.detail !== undefined && error.detail.length > 0 ? error.detail : undefined;
    return new LiveError(module, error.code, detail, { text: textOf(module, error.code, error.message, detail) });
  }
}

/** The text part of a server message for codes outside the tables: "TLSSDK 8: text (detail)" -> "text" (the detail is apart). */
function textOf(module: string, code: number, message: string, detail: string | undefined): string {
  const prefix = `${module} ${code}`;
  const colon = message.startsWith(prefix) ? message.indexOf(": ", prefix.length) : -1;
  const text = !message.startsWith(prefix) ? message : colon < 0 ? "" : message.slice(colon + 2);
  const suffix = detail === undefined ? "" : ` (${detail})`;
  return suffix.length > 0 && text.endsWith(suffix) ? text.slice(0, -suffix.length) : text;
}
