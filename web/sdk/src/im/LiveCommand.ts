/** iLiveSDK's live-show command ids (TILLiveSDK `ILVLIVE_IMCMD_*`), carried in custom message elements. */
export const LiveCommandIds = {
  /** ILVLIVE_IMCMD_INVITE: the host invites a member to co-host. */
  Invite: 0x703,
  /** ILVLIVE_IMCMD_INVITE_CANCEL: the host withdraws the invitation. */
  InviteCancel: 0x704,
  /** ILVLIVE_IMCMD_INTERACT_AGREE: the invitee accepts. */
  Agree: 0x706,
  /** ILVLIVE_IMCMD_INTERACT_REJECT: the invitee refuses. */
  Reject: 0x707,
  /**
   * OpenLive's own (iLiveSDK had none): a co-host invitation's time ran out unanswered. Sent by the server only — to the
   * invitee with the owner as parameter, to the owner with the invitee.
   */
  InviteExpired: 0x7f0,
  /** ILVLIVE_IMCMD_CUSTOM_LOW_LIMIT: the first id of the app's own commands. */
  CustomLow: 0x800,
  /** ILVLIVE_IMCMD_CUSTOM_UP_LIMIT: the last id of the app's own commands. */
  CustomHigh: 0x900,
} as const;

/** A live command as iLiveSDK put it in a custom element's data: `{"userAction":cmd,"actionParam":param}`. */
export interface LiveCommand {
  /** The command id. */
  readonly userAction: number;
  /** The command's parameter. */
  readonly actionParam: string;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true });

/** The JSON bytes of a live command, as the .NET SDK and iLiveSDK write them. */
export function encodeLiveCommand(command: LiveCommand): Uint8Array {
  return encoder.encode(JSON.stringify({ userAction: command.userAction, actionParam: command.actionParam }));
}

/** Reads a live command from a custom element's data; undefined when it is not one. */
export function parseLiveCommand(data: Uint8Array): LiveCommand | undefined {
  try {
    const value: unknown = JSON.parse(decoder.decode(data));
    if (typeof value !== "object" || value === null) {
      return undefined;
    }

    const { userAction, actionParam } = value as { userAction?: unknown; actionParam?: unknown };
    if (typeof userAction !== "number" || !Number.isInteger(userAction)) {
      return undefined;
    }

    return { userAction, actionParam: typeof actionParam === "string" ? actionParam : "" };
  } catch {
    return undefined;
  }
}
