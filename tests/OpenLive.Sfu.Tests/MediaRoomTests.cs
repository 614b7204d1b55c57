using OpenLive.Rtc.Sdp;
using OpenLive.Rtc.Tests.Sdp;
using OpenLive.Sfu.Tests.Support;

namespace OpenLive.Sfu.Tests;

/// <summary>
/// A room's media through the SFU's public API: refusals come back as <see cref="MediaError"/>s of the SFU's own kinds
/// (the control plane maps them to product codes), never as exceptions; rights are the SFU's <see cref="MediaRights"/>.
/// </summary>
public sealed class MediaRoomTests : IDisposable
{
    private static readonly Dictionary<string, TrackSource> Undeclared = [];
    private readonly SfuEngine _engine = SfuEngineTests.NewEngine();
    private readonly RecordingRoomEvents _events = new();
    private readonly MediaRoom _room;

    public MediaRoomTests()
    {
        _room = _engine.GetOrCreateRoom("app/room", _events);
    }

    public void Dispose()
    {
        _room.Close();
        _engine.Dispose();
    }

    [Fact]
    public void Publish_AnswersAnOfferTheMemberMayMake_WithTheEnginesTransport()
    {
        Join("host", MediaRights.All);
        var answer = _room.Publish("host", ServerFixtures.WhipObsOffer, Undeclared);

        Assert.True(answer.IsSuccess, answer.Error?.Message);
        Assert.True(SessionDescription.TryParse(answer.Value!, out var parsed, out var error), error);
        Assert.Equal(2, parsed.Media.Count);
        Assert.Contains($"{_engine.LocalEndPoint.Port} typ host", answer.Value, StringComparison.Ordinal);
        Assert.DoesNotContain(_room.Stats("host"), t => !t.Publishing);
        Assert.Equal(2, _room.Stats("host").Count);
    }

    [Fact]
    public void Publish_WithoutTheRightToSend_IsNotPermitted()
    {
        Join("viewer", MediaRights.ReceiveAudio | MediaRights.ReceiveCamera | MediaRights.SendAudio);
        var refused = _room.Publish("viewer", ServerFixtures.WhipObsOffer, Undeclared);

        Assert.False(refused.IsSuccess);
        Assert.Null(refused.Value);
        Assert.Equal(MediaErrorKind.NotPermitted, refused.Error!.Kind);
        Assert.Equal(MediaRights.SendCamera, refused.Error.MissingRight);
    }

    [Theory]
    [InlineData("")]
    [InlineData("v=0\r\n")]
    [InlineData("not sdp at all")]
    public void Publish_OfBadSdp_IsAnInvalidDescription(string offer)
    {
        Join("host", MediaRights.All);
        var refused = _room.Publish("host", offer, Undeclared);
        Assert.Equal(MediaErrorKind.InvalidDescription, refused.Error?.Kind);
    }

    [Fact]
    public void Publish_WithoutFingerprint_IsAnInvalidDescription()
    {
        Join("host", MediaRights.All);
        var offer = string.Join('\n', ServerFixtures.WhipObsOffer.Split('\n').Where(l => !l.StartsWith("a=fingerprint", StringComparison.Ordinal)));
        var refused = _room.Publish("host", offer, Undeclared);
        Assert.Equal(MediaErrorKind.InvalidDescription, refused.Error?.Kind);
    }

    [Fact]
    public void SetViews_NamesWhatIsMissing()
    {
        Join("viewer", MediaRights.ReceiveAudio | MediaRights.ReceiveCamera);
        Join("host", MediaRights.All);

        Assert.Equal(MediaErrorKind.NoSuchPublisher, _room.SetViews("viewer", [new ViewRequest("host", TrackSource.Camera)]).Error?.Kind);
        Assert.Equal(MediaErrorKind.NoSuchPublisher, _room.SetViews("viewer", [new ViewRequest("nobody", TrackSource.Camera)]).Error?.Kind);
        Assert.Equal(MediaErrorKind.NotPermitted, _room.SetViews("viewer", [new ViewRequest("host", TrackSource.Screen)]).Error?.Kind);
        Assert.Equal(MediaErrorKind.InvalidDescription, _room.SetViews("viewer", [new ViewRequest("host", TrackSource.Audio)]).Error?.Kind);
        Assert.True(_room.SetViews("viewer", []).IsSuccess);
    }

    [Fact]
    public void AnswerSubscriber_WithNoOfferOut_IsNoPendingOffer()
    {
        Join("viewer", MediaRights.ReceiveAudio);
        var refused = _room.AnswerSubscriber("viewer", ServerFixtures.WhipObsOffer, revision: 7);
        Assert.Equal(MediaErrorKind.NoPendingOffer, refused.Error?.Kind);
        Assert.Equal(MediaErrorKind.InvalidDescription, _room.AnswerSubscriber("viewer", "garbage", 1).Error?.Kind);
    }

    [Fact]
    public void Play_OfAnAbsentPublisher_IsNoSuchPublisher()
    {
        Join("player", MediaRights.ReceiveAudio | MediaRights.ReceiveCamera, serverOffers: false);
        var refused = _room.Play("player", "nobody", BrowserFixtures.ChromiumOffer.Replace("a=sendrecv", "a=recvonly", StringComparison.Ordinal));
        Assert.Equal(MediaErrorKind.NoSuchPublisher, refused.Error?.Kind);
    }

    [Fact]
    public void AClosedRoom_RefusesWithRoomClosed()
    {
        Join("host", MediaRights.All);
        _room.Close();

        Assert.Equal(MediaErrorKind.RoomClosed, _room.Publish("host", ServerFixtures.WhipObsOffer, Undeclared).Error?.Kind);
        Assert.Equal(MediaErrorKind.RoomClosed, _room.SetViews("host", []).Error?.Kind);
    }

    [Fact]
    public void SentSources_ReadsAnOfferBeforeAnyRoomIsTouched()
    {
        Assert.True(SessionDescription.TryParse(ServerFixtures.WhipObsOffer, out var offer, out _));
        Assert.Equal([TrackSource.Audio, TrackSource.Camera], MediaOffers.SentSources(offer));
    }

    [Fact]
    public void Publish_WithOtherIceCredentials_IsANewConnection_WhileARenegotiationKeepsTheTransport()
    {
        Join("host", MediaRights.All);
        var first = LocalUfrag(_room.Publish("host", ServerFixtures.WhipObsOffer, Undeclared));
        var renegotiated = LocalUfrag(_room.Publish("host", ServerFixtures.WhipObsOffer, Undeclared));
        var otherPeer = ServerFixtures.WhipObsOffer.Replace("a=ice-ufrag:R1Iq", "a=ice-ufrag:b7Qz", StringComparison.Ordinal);
        var replaced = LocalUfrag(_room.Publish("host", otherPeer, Undeclared));

        Assert.Equal(first, renegotiated);
        Assert.NotEqual(first, replaced); // a new transport: the old one could never check with the new peer
        Assert.Equal(2, _room.Stats("host").Count(t => t.Publishing));
    }

    [Fact]
    public void RestartMember_ClosesItsConnections_SoTheNextPublishMakesANewOne_AndIsRefusedForStrangers()
    {
        Join("host", MediaRights.All);
        var first = LocalUfrag(_room.Publish("host", ServerFixtures.WhipObsOffer, Undeclared));

        Assert.True(_room.RestartMember("host"));
        Assert.Empty(_room.Stats("host")); // its tracks ended with the connection
        var again = LocalUfrag(_room.Publish("host", ServerFixtures.WhipObsOffer, Undeclared));

        Assert.NotEqual(first, again);
        Assert.False(_room.RestartMember("stranger"));
        _room.Close();
        Assert.False(_room.RestartMember("host"));
    }

    private static string LocalUfrag(MediaResult<string> answer)
    {
        Assert.True(answer.IsSuccess, answer.Error?.Message);
        Assert.True(SessionDescription.TryParse(answer.Value!, out var parsed, out var error), error);
        return parsed.Media[0].IceUfrag ?? parsed.IceUfrag!;
    }

    private void Join(string member, MediaRights rights, bool serverOffers = true) =>
        _room.SetMember(member, new MediaPermissions(rights), autoReceiveCamera: true, autoReceiveScreen: false, serverOffers);
}
