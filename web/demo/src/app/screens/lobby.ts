import { CallType, ILiveErrorCode, LiveError, LiveRoomOptions, type LiveRoomId } from "@openlive/sdk";
import { h, hueOf, initials, replaceChildren } from "../../shared/dom.js";
import { toastError } from "../../shared/toasts.js";
import type { AppContext, Screen } from "../context.js";
import { fetchOnlineUsers, fetchShows, titleShow, type Show } from "../devApi.js";
import { audienceOptions } from "../room/roles.js";

const refreshMs = 4000;

/** A room id as typed: digits that fit 32 bits are iLiveSDK's numeric ids, anything else a string id. */
export function parseRoomId(text: string): LiveRoomId {
  const trimmed = text.trim();
  const number = /^\d{1,10}$/.test(trimmed) ? Number(trimmed) : Number.NaN;
  return Number.isInteger(number) && number > 0 && number <= 0xffff_ffff ? number : trimmed;
}

/** A fresh six-digit room id for a new show. */
function newRoomId(): number {
  return 100_000 + Math.floor(Math.random() * 900_000);
}

/** The lobby: start a live (title) as its host, join one by id, or pick one of the live shows. */
export function lobbyScreen(app: AppContext): Screen {
  const { client, ticket } = app.session();
  let busy = false;
  let known: Show[] = [];

  const run = async (label: string, button: HTMLButtonElement, action: () => Promise<void>): Promise<void> => {
    if (busy) {
      return;
    }

    busy = true;
    button.disabled = true;
    try {
      await action();
    } catch (error) {
      toastError(label, error);
    } finally {
      busy = false;
      button.disabled = false;
    }
  };

  const titleInput = h("input", { placeholder: `${ticket.userId}'s live`, maxLength: 64, attrs: { "data-testid": "show-title", "aria-label": "Title of your live" } });
  const goLive = h("button", { type: "submit", class: "primary", text: "Go live", attrs: { "data-testid": "go-live" } });
  const startForm = h("form", { class: "card start" },
    h("h2", { text: "Start a live" }),
    h("p", { class: "muted", text: "You host: camera and microphone on, the audience joins, you can invite one of them to co-host." }),
    h("div", { class: "row" }, titleInput, goLive));
  startForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const title = titleInput.value.trim() || `${ticket.userId}'s live`;
    void run("Starting the live", goLive, async () => {
      for (let attempt = 0; ; attempt++) {
        const roomId = newRoomId();
        try {
          const room = await client.createRoom(roomId, LiveRoomOptions.host());
          await titleShow(roomId, title, ticket.userId, ticket.userSig).catch((error: unknown) => toastError("Naming the show", error));
          app.enterRoom(room, { title, isHost: true });
          return;
        } catch (error) {
          // 8004: that room id is taken; pick another.
          if (!(error instanceof LiveError && error.is("ILiveSDK", ILiveErrorCode.AlreadyExist)) || attempt >= 4) {
            throw error;
          }
        }
      }
    });
  });

  const join = async (roomId: LiveRoomId, title: string): Promise<void> => {
    const room = await client.joinRoom(roomId, audienceOptions());
    app.enterRoom(room, { title, isHost: false });
  };

  // A join by id can come before the lobby's first list of shows (or after a show started since): ask the server then,
  // so the room shows its title and not the default. A failed lookup only costs the title.
  const titleOf = async (roomId: LiveRoomId): Promise<string> => {
    const find = (shows: readonly Show[]): Show | undefined => shows.find((show) => show.roomId === String(roomId));
    const title = find(known)?.title ?? find(await fetchShows().catch((): Show[] => []))?.title;
    return title ?? "";
  };

  const idInput = h("input", { placeholder: "Room id", inputMode: "numeric", maxLength: 64, attrs: { "data-testid": "join-room-id", "aria-label": "Room id" } });
  const joinButton = h("button", { type: "submit", class: "secondary", text: "Join", attrs: { "data-testid": "join" } });
  const joinForm = h("form", { class: "card join" },
    h("h2", { text: "Join by room id" }),
    h("div", { class: "row" }, idInput, joinButton));
  joinForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = idInput.value.trim();
    if (text.length === 0) {
      idInput.focus();
      return;
    }

    const roomId = parseRoomId(text);
    void run(`Joining room ${text}`, joinButton, async () => join(roomId, await titleOf(roomId)));
  });

  const list = h("div", { class: "shows", attrs: { "data-testid": "shows" } });
  const renderShows = (shows: Show[]): void => {
    known = shows;
    if (shows.length === 0) {
      replaceChildren(list, h("p", { class: "empty", text: "Nobody is live right now. Start the first show!" }));
      return;
    }

    replaceChildren(list, ...shows.map((show) => {
      const button = h("button", { class: "show-card", dataset: { room: show.roomId }, attrs: { "data-testid": "show-card" } },
        h("div", { class: "show-cover", attrs: { style: `--hue:${hueOf(show.owner)}` } },
          h("span", { class: "avatar large", text: initials(show.owner) }),
          show.onAir ? h("span", { class: "badge live", text: "LIVE" }) : h("span", { class: "badge", text: "Starting" })),
        h("div", { class: "show-meta" },
          h("div", { class: "show-title", text: show.title || `${show.owner}'s live` }),
          h("div", { class: "muted small", text: `${show.owner} · ${show.viewers} watching · ♥ ${show.likes} · room ${show.roomId}` })));
      button.addEventListener("click", () => void run(`Joining “${show.title || show.roomId}”`, button, () => join(show.isNumeric ? Number(show.roomId) : show.roomId, show.title)));
      return button;
    }));
  };

  // Calls: everyone else signed in now, each with a video and an audio call button.
  const people = h("div", { class: "people", attrs: { "data-testid": "online-users" } });
  const renderPeople = (users: string[]): void => {
    const others = users.filter((user) => user !== ticket.userId).sort();
    if (others.length === 0) {
      replaceChildren(people, h("p", { class: "empty", text: "Nobody else is signed in. Open the demo in another window as another user." }));
      return;
    }

    replaceChildren(people, ...others.map((user) => {
      const video = h("button", { class: "secondary small", text: "Video call", dataset: { user }, attrs: { "data-testid": "video-call" } });
      const audio = h("button", { class: "secondary small", text: "Audio call", dataset: { user }, attrs: { "data-testid": "audio-call" } });
      const place = (button: HTMLButtonElement, type: CallType): void => {
        button.addEventListener("click", () => void run(`Calling ${user}`, button, async () => {
          app.enterCall(await client.makeCall(user, { type }));
        }));
      };
      place(video, CallType.Video);
      place(audio, CallType.Audio);
      return h("div", { class: "person row", dataset: { user } },
        h("span", { class: "avatar", attrs: { style: `--hue:${hueOf(user)}` }, text: initials(user) }),
        h("span", { class: "person-name", text: user }), video, audio);
    }));
  };
  const callCard = h("div", { class: "card calls" }, h("h2", { text: "Call someone" }), people);

  let refreshFailed = false;
  const refresh = (): void => {
    fetchOnlineUsers().then(renderPeople, () => undefined);
    fetchShows().then((shows) => {
      refreshFailed = false;
      renderShows(shows);
    }, (error: unknown) => {
      if (!refreshFailed) {
        refreshFailed = true; // once, not every few seconds
        toastError("Loading the live shows", error);
      }
    });
  };
  refresh();
  const timer = setInterval(refresh, refreshMs);

  // A shared link (#room=123) joins that room.
  const linked = new URLSearchParams(location.hash.slice(1)).get("room");
  if (linked !== null && linked.length > 0) {
    idInput.value = linked;
    history.replaceState(null, "", location.pathname);
    queueMicrotask(() => joinForm.requestSubmit());
  }

  const element = h("section", { class: "lobby", dataset: { screen: "lobby" } },
    h("div", { class: "lobby-actions" }, startForm, joinForm, callCard),
    h("div", { class: "lobby-list" }, h("h2", { text: "Live now" }), list));
  return { element, dispose: () => clearInterval(timer) };
}
