/** A conversation from this user's side: with another user (C2C) or in a room's group. */
export type Conversation =
  | { readonly userId: string; readonly groupId?: undefined }
  | { readonly groupId: string; readonly userId?: undefined };

/** Builders for {@link (Conversation:type) | conversations}. */
export const Conversation = {
  /** The C2C conversation with `userId`. */
  withUser(userId: string): Conversation {
    return { userId };
  },
  /** The conversation of group `groupId` (a room's group id is its room id as text). */
  inGroup(groupId: string): Conversation {
    return { groupId };
  },
} as const;
