// OpenLive browser SDK: iLiveSDK's login, rooms, IM and WebRTC media against an OpenLive server.
// One ESM bundle for browsers and Node; in Node pass `WebSocket` and `RTCPeerConnection` constructors in the options.

export { LiveClient } from "./client/LiveClient.js";
export type { LiveClientOptions } from "./client/LiveClientOptions.js";
export type { LoginIceServer } from "./client/LoginIceServer.js";
export type { ConnectionState, ConnectionStateChanged } from "./client/ConnectionState.js";
export type { LiveClientEvents, ForceOffline, ProtocolError, MessageReceived, RoomDisconnected } from "./client/LiveClientEvents.js";

export { LiveError, findCatalogEntry } from "./errors/LiveError.js";
export type { ErrorModule, ErrorLanguage } from "./errors/LiveError.js";
export { ILiveErrorCode, AVErrorCode, errorCatalog } from "./gen/errors.js";
export type { CatalogEntry } from "./gen/errors.js";

export { TypedEmitter } from "./events/TypedEmitter.js";
export type { Listener } from "./events/TypedEmitter.js";

export { LiveRoom } from "./rooms/LiveRoom.js";
export { LiveCall } from "./calls/LiveCall.js";
export { CallType, CallEndCode, CallMemberState } from "./calls/callTypes.js";
export type { LiveCallMember, LiveCallInvitation, LiveCallOptions, CallEnded, IncomingCall, CallMemberChanged, LiveCallEvents } from "./calls/callTypes.js";
export type { VideoParams, View } from "./rooms/LiveRoom.js";
export type { LiveRoomId } from "./rooms/LiveRoomId.js";
export { LiveRoomOptions } from "./rooms/LiveRoomOptions.js";
export type { LiveMember } from "./rooms/LiveMember.js";
export { MemberEventId } from "./rooms/MemberEventId.js";
export { MemberOutReason } from "./rooms/MemberOutReason.js";
export { maxLikesPerRequest } from "./rooms/RoomCounters.js";
export type { RoomCounters } from "./rooms/RoomCounters.js";
export { maxRoomsPerList } from "./rooms/RoomList.js";
export type { ListRoomsOptions, RoomList, RoomSummary } from "./rooms/RoomList.js";
export { AuthBits } from "./rooms/AuthBits.js";
export { PushDataType, StreamEncode, RecordFileType } from "./rooms/PushStream.js";
export type { PushStreamOption, RecordOption, PushStreamRsp, LiveUrl } from "./rooms/PushStream.js";
export type { LiveRoomEvents, MemberEvent, MemberUpdated, CountersChanged, RoomCommand, RoomEnded, CoHostEvent, RoomMessage, MediaError, LocalTrackEnded, MediaReconnected } from "./rooms/RoomEvents.js";

export { LiveMessage } from "./im/LiveMessage.js";
export { ReceivedMessage } from "./im/ReceivedMessage.js";
export { Conversation } from "./im/Conversation.js";
export { LiveCommandIds } from "./im/LiveCommand.js";
export type { LiveCommand } from "./im/LiveCommand.js";
export type { MessageElement, TextElement, CustomElement } from "./im/MessageElement.js";
export type { SentMessage, UnreadCount, SendOptions } from "./im/SentMessage.js";

export type { PublishOptions } from "./media/PublishOptions.js";

export { LiveDevices } from "./devices/LiveDevices.js";
export type { LiveDevicesEvents, DevicesChanged, ScreenCapture } from "./devices/LiveDevices.js";
export { DeviceTest } from "./devices/DeviceTest.js";
export type { DeviceTestOptions, DeviceTestTracks } from "./devices/DeviceTest.js";
export type { DeviceInfo, DeviceKind } from "./devices/DeviceInfo.js";
export type { CameraOptions, MicrophoneOptions, ScreenOptions } from "./devices/CaptureOptions.js";
export type { MediaDevicesLike, MediaDeviceInfoLike, CaptureTrackLike, CaptureStreamLike } from "./devices/mediaDevicesLike.js";
export { levelOf } from "./devices/LevelMeter.js";
export type { LevelMeter, LevelMeterFactory } from "./devices/LevelMeter.js";
export type { RemoteTrack, RemoteTrackRemoved } from "./media/RemoteTrack.js";
export type { MediaStats, TrackStats } from "./media/MediaStats.js";
export type { RoomQuality, TrackQuality } from "./media/RoomQuality.js";
export type { TrackSource, VideoQuality } from "./media/TrackSource.js";

export type { Clock } from "./platform/Clock.js";
export type { WebSocketLike, WebSocketConstructor } from "./platform/WebSocketLike.js";
export type {
  PeerConnectionLike,
  PeerConnectionConstructor,
  MediaTrackLike,
  MediaStreamLike,
  RtpTransceiverLike,
  RtpSenderLike,
  SendParametersLike,
  RtpReceiverLike,
  SessionDescriptionLike,
  SdpType,
  TransceiverInitLike,
  RtpEncodingLike,
  IceCandidateLike,
  TrackEventLike,
} from "./platform/rtc.js";
export type { Handler } from "./platform/Handler.js";
