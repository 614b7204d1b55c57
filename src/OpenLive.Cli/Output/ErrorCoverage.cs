using OpenLive.Core.Errors;

namespace OpenLive.Cli.Output;

/// <summary>
/// Which test produces each code through the public SDK or protocol (Class.Method under tests/), or, for a code no
/// shipped feature produces yet, why. Rendered into docs/errors.md; a test checks every named test exists.
/// </summary>
internal static class ErrorCoverage
{
    private const string Media = "not produced yet: arrives with the media plane (SFU)";
    private const string DeviceTests = "browser SDK: tests/web/sdk/unit/devices.test.ts and the devices case of tests/web/media/chromium.test.ts";

    private static readonly Dictionary<(ErrorModule, int), string[]> Map = new()
    {
        [(ErrorModule.ILiveSDK, 0)] = ["success: not an error"],
        [(ErrorModule.ILiveSDK, 8001)] = ["ImTests.ImCallsWhileReconnecting_Are8001"],
        [(ErrorModule.ILiveSDK, 8002)] = ["browser SDK: capture without navigator.mediaDevices (not a secure context) or media without RTCPeerConnection; tests/web/sdk/unit/devices.test.ts and media.test.ts"],
        [(ErrorModule.ILiveSDK, 8003)] = ["RoomTests.StateErrors_8010_8011_8003_1202_1102", "MediaRestartTests.ASecondRestartWithinTwoSeconds_Is8011_AndChangesNothing_OutsideARoomIs8003_AndTwoSecondsLaterItIsTaken"],
        [(ErrorModule.ILiveSDK, 8004)] = ["RoomTests.ExistenceErrors_8004_10009_10008"],
        [(ErrorModule.ILiveSDK, 8005)] = ["LifecycleTests.NullOptions_Is8005_AndBadOptions_Are8021", "LifecycleTests.NullOrEmptyArguments_Are8005And8021", "RoomTests.BadArguments_8021_8005_10002"],
        [(ErrorModule.ILiveSDK, 8006)] = [Media],
        [(ErrorModule.ILiveSDK, 8007)] = ["LifecycleTests.CancelledCall_Is8007", "browser SDK: a capture permission refused or the screen picker closed; " + DeviceTests],
        [(ErrorModule.ILiveSDK, 8008)] = ["CallFlowTests.BadRequests_GetTheSeedCodes", "CallFlowTests.OneToOne_Accepted_IsEstablishedForBoth_AndAHangUpEndsItWithCode4"],
        [(ErrorModule.ILiveSDK, 8009)] = ["LifecycleTests.CallsBeforeLogin_Are8009", "BadInputTests.RequestsWithoutLoginOrBody_AreRefusedClearly", "RoomTests.BadArguments_8021_8005_10002"],
        [(ErrorModule.ILiveSDK, 8010)] = ["RoomTests.StateErrors_8010_8011_8003_1202_1102", "CallFlowTests.BadRequests_GetTheSeedCodes"],
        [(ErrorModule.ILiveSDK, 8011)] = ["RoomTests.StateErrors_8010_8011_8003_1202_1102", "LoginTests.LoginTwice_Is8024_AndConcurrentLogin_Is8011", "BadInputTests.FrameFlood_IsRateLimitedWith8011", "ImInboxTests.FullInbox_RefusesTheSenderWith8011_AndTakesMessagesAgainOnceAcknowledged", "EgressBoundsTests.AFloodOfStarts_IsCutAt8011_WithinTheBurst_AndTheSessionKeepsWorking", "CallDisconnectTests.InvitationsFloodingAUser_AreCutOffWith8011", "MediaRestartTests.ASecondRestartWithinTwoSeconds_Is8011_AndChangesNothing_OutsideARoomIs8003_AndTwoSecondsLaterItIsTaken"],
        [(ErrorModule.ILiveSDK, 8012)] = ["LifecycleTests.UnreachableServer_Is8012", "SessionClockTests.SilentClient_IsDroppedAfterTheSessionTimeout", "MediaOverTcpTests.ATcpOnlyClient_AgainstAServerWithoutTcpMedia_PublishFailsWith8012"],
        [(ErrorModule.ILiveSDK, 8020)] = ["reserved for failures no other code describes; LiveExceptionTests.StandardConstructors_MeanSdkFailed"],
        [(ErrorModule.ILiveSDK, 8021)] = ["LifecycleTests.NullOrEmptyArguments_Are8005And8021", "LoginTests.InvalidUserId_Is8021", "RoomTests.BadArguments_8021_8005_10002", "BadInputTests.RequestsWithoutLoginOrBody_AreRefusedClearly", "RoomCountersTests.BadCounts_AreRefused_ByTheSdkAndByTheServer", "QualityTests.QualityInterval_DefaultsTo1s_AndOutside100msTo60s_IsRefusedWith8021"],
        [(ErrorModule.ILiveSDK, 8022)] = ["LoginTests.UnknownApp_Is8022", "EgressControlTests.AnotherRoomsChannel_IsUnknownHere_AndStopIsAllOrNone"],
        [(ErrorModule.ILiveSDK, 8023)] = ["BadInputTests.RequestsWithoutLoginOrBody_AreRefusedClearly", "RoomTests.SwitchRoom_MovesTheMember_WithItsErrors", "EgressControlTests.BadOptions_AreRefusedWithTheirCodes_AndStartNothing", "EgressBoundsTests.WithoutAnEgressHost_PushAndRecordAre8023_AndTheRoomIsUnaffected"],
        [(ErrorModule.ILiveSDK, 8024)] = ["LoginTests.LoginTwice_Is8024_AndConcurrentLogin_Is8011", "RoomTests.ChangeRole_UpdatesEveryone_WithItsErrors", "RoomTests.Permissions_10003_AndBitsOnlyNarrow"],
        [(ErrorModule.ILiveSDK, 8050)] = ["LoginTests.SecondLogin_ForcesTheFirstOffline_With8050", "MultiDeviceLoginTests.ASecondLoginOfTheSameClass_KicksOnlyThatClass_With8050", "RoomTests.KickedOrDroppedMember_LeavesTheRoom"],
        [(ErrorModule.ILiveSDK, 8051)] = ["LoginTests.ExpiredSig_IsRefused_With8051", "SessionClockTests.SigExpiringDuringTheSession_PushesForceOffline8051"],
        [(ErrorModule.ILiveSDK, 8052)] = ["BadInputTests.MalformedAndTextFrames_Get8052_AndOthersAreUnaffected", "BadInputTests.GarbageFromTheServer_Raises8052"],
        [(ErrorModule.ILiveSDK, 8053)] = ["not produced yet: resource limits report it once queues and media buffers are bounded per client"],
        [(ErrorModule.AVSDK, 1)] = ["browser SDK: a capture failure the browser names no known way; " + DeviceTests],
        [(ErrorModule.AVSDK, 1001)] = ["RoomTests.ChangeRole_UpdatesEveryone_WithItsErrors"],
        [(ErrorModule.AVSDK, 1002)] = ["RoomTests.ChangeRole_UpdatesEveryone_WithItsErrors"],
        [(ErrorModule.AVSDK, 1003)] = ["RoomTests.SwitchRoom_MovesTheMember_WithItsErrors"],
        [(ErrorModule.AVSDK, 1004)] = ["browser SDK: capture options or constraints that cannot be used; " + DeviceTests],
        [(ErrorModule.AVSDK, 1005)] = ["BadInputTests.SilentServer_GivesRequestTimeout1005"],
        [(ErrorModule.AVSDK, 1006)] = ["reserved: an SDK that lacks a feature; every shipped SDK method is implemented"],
        [(ErrorModule.AVSDK, 1007)] = ["LifecycleTests.ThreadAffinity_OtherContext_Is1007"],
        [(ErrorModule.AVSDK, 1008)] = ["browser SDK: a camera or microphone another application holds (NotReadableError); " + DeviceTests],
        [(ErrorModule.AVSDK, 1101)] = ["LifecycleTests.StoppedClient_Is1101"],
        [(ErrorModule.AVSDK, 1102)] = ["RoomTests.StateErrors_8010_8011_8003_1202_1102"],
        [(ErrorModule.AVSDK, 1201)] = ["RoomTests.HostCreates_AudienceJoins_EventsFlowBothWays", "RoomTests.OwnerQuit_And_Dismiss_EndTheRoomForMembers", "RoomTests.SwitchRoom_MovesTheMember_WithItsErrors"],
        [(ErrorModule.AVSDK, 1202)] = ["RoomTests.StateErrors_8010_8011_8003_1202_1102"],
        [(ErrorModule.AVSDK, 1301)] = ["browser SDK: no such camera or microphone (Chromium: OverconstrainedError for an unknown deviceId); " + DeviceTests],
        [(ErrorModule.AVSDK, 1401)] = ["MediaSignalingTests.Views_OfAMemberSendingNothing_Are1401_OfAnAbsentOne_1401_AndWithoutTheRight_10003", "WhepTests.Refusals_404_403_400", "EgressControlTests.BadOptions_AreRefusedWithTheirCodes_AndStartNothing"],
        [(ErrorModule.AVSDK, 1402)] = ["MediaFlowTests.ViewOfACameraAMemberDoesNotSend_Is1402_AndAnAudiencePublish_Is10003", "WhepTests.PublisherWithoutVideo_ServesAudio_AndRejectsTheVideoLine"],
        [(ErrorModule.AVSDK, 1501)] = ["LoginTests.Resolve_TinyIdsAndUserIds_With1501And1502"],
        [(ErrorModule.AVSDK, 1502)] = ["LoginTests.Resolve_TinyIdsAndUserIds_With1501And1502"],
        [(ErrorModule.AVSDK, 1601)] = ["browser SDK: a device-test call with no test running; " + DeviceTests],
        [(ErrorModule.AVSDK, 1602)] = ["browser SDK: starting a second device test, entering a room or stopping the client during one; " + DeviceTests],
        [(ErrorModule.AVSDK, 1801)] = ["LiveShowTests.Reject_Cancel_AndTheInvitationErrors", "CallFlowTests.BadRequests_GetTheSeedCodes", "CallFlowTests.GroupCall_GoesOnWhileTwoAreInIt_AddsMembers_AndEndsWhenTheLastTwoLeave"],
        [(ErrorModule.AVSDK, 1802)] = ["LiveShowTests.Reject_Cancel_AndTheInvitationErrors", "MultiDeviceCallTests.TwoDevicesAcceptingAtOnce_OneWins_TheOtherGets1802_AndItsInvitationEndsWithCode100OrCode7", "CallFlowTests.Cancelled_EndsTheInvitationWithCode1_AndAnAcceptAfterItGets1802", "CallDisconnectTests.ASponsorLostWhileRinging_EndsTheInvitationWithCode6_AndTheInviteeIsFreeAgain"],
        [(ErrorModule.AVSDK, 1803)] = ["LiveShowTests.Reject_Cancel_AndTheInvitationErrors", "CallFlowTests.NoAnswer_EndsWithCode2ForBoth_AndARefuseAfterItGets1803"],
        [(ErrorModule.AVSDK, 6999)] = ["ImRoomEntryTests.FailingImStep_UndoesTheEntry_With6999"],
        [(ErrorModule.AVSDK, 7000)] = ["ImRoomEntryTests.StalledImStep_UndoesTheEntry_With7000"],
        [(ErrorModule.AVSDK, 10001)] = ["RoomGrainTests.ARoomRemembersAtMostMaxRememberedRemovedUsers_ThenRefusesKicksWith10001", "otherwise reserved for unexpected server failures (the server logs them with the request type)"],
        [(ErrorModule.AVSDK, 10002)] = ["RoomTests.BadArguments_8021_8005_10002", "RoomTests.ChangeRole_UpdatesEveryone_WithItsErrors", "MediaSignalingTests.BadOffers_Are10002_AndOffersWithoutAForwardableCodec_Are10011", "WhipTests.BadOffers_Are400With10002_WrongTypeIs415"],
        [(ErrorModule.AVSDK, 10003)] = ["RoomTests.Permissions_10003_AndBitsOnlyNarrow", "RoomTests.PrivateMapKey_GrantsItsBits_ForItsRoomOnly", "RoomTests.AppRequiringPrivateMapKey_RefusesEntryWithoutOne", "RoomTests.OwnerQuit_And_Dismiss_EndTheRoomForMembers", "MediaSignalingTests.AudienceOffer_Is10003_AndNothingIsNegotiated", "WhipTests.AudienceRole_Is403With10003_AndLeavesNoTrace", "RoomAuthorizationTests.JoiningAStrangersRoom_WithASendingRole_Is10003_AndLeavesNoTrace", "RoomAuthorizationTests.AnAudienceMember_CannotPromoteItself_OnlyTheOwnersInvitationGivesSendBits", "RoomAuthorizationTests.AKickedUser_CannotComeBack_WhileTheRoomLasts", "RoomAuthorizationTests.ACoHostCommandSentByAClient_IsRefused_AndNeverRaisesCoHostEvents", "WhipTests.PublishingIntoAStrangersRoom_WithoutAPrivateMapKey_Is403With10003_AndLeavesNoTrace", "EgressControlTests.AMemberWithoutTheRight_Gets10003_ForEveryCall_AndTheHostSeesNothing"],
        [(ErrorModule.AVSDK, 10004)] = [Media],
        [(ErrorModule.AVSDK, 10005)] = ["EgressControlTests.ChannelLimits_PerMemberAndPerRoom_Are10005"],
        [(ErrorModule.AVSDK, 10006)] = ["RoomTests.ListingARoom_IsForItsMembers_10006And10009", "BadInputTests.SendingToTheGroupOfARoomOneIsNotIn_Is10006_AndNothingIsStored", "ImHistoryAccessTests.FormerMember_CannotReadTheRoomsHistory_10006"],
        [(ErrorModule.AVSDK, 10007)] = ["BadInputTests.RequestsWithoutLoginOrBody_AreRefusedClearly"],
        [(ErrorModule.AVSDK, 10008)] = ["RoomTests.ExistenceErrors_8004_10009_10008"],
        [(ErrorModule.AVSDK, 10009)] = ["RoomTests.ExistenceErrors_8004_10009_10008", "RoomTests.ListingARoom_IsForItsMembers_10006And10009", "RoomTests.OwnerQuit_And_Dismiss_EndTheRoomForMembers", "RoomTests.SwitchRoom_MovesTheMember_WithItsErrors"],
        [(ErrorModule.AVSDK, 10010)] = ["RoomTests.ChangeRole_UpdatesEveryone_WithItsErrors", "EgressControlTests.BadOptions_AreRefusedWithTheirCodes_AndStartNothing"],
        [(ErrorModule.AVSDK, 10011)] = ["MediaSignalingTests.BadOffers_Are10002_AndOffersWithoutAForwardableCodec_Are10011", "WhepTests.PlayerWithoutThePublishersCodec_Is422With10011"],
    };

    /// <summary>The tests (Class.Method) or the reason for one code; every catalog code has an entry.</summary>
    public static IReadOnlyList<string> For(LiveErrorInfo entry) =>
        Map.TryGetValue((entry.Module, entry.Code), out var items) ? items : throw new InvalidOperationException($"No coverage entry for {entry}.");

    /// <summary>True for an entry that names a test rather than giving a reason.</summary>
    public static bool IsTestName(string item) => !item.Contains(' ', StringComparison.Ordinal) && item.Contains('.', StringComparison.Ordinal);
}
