using System.Net;
using CsCheck;
using Microsoft.Extensions.Time.Testing;
using OpenLive.Rtc.Ice;
using OpenLive.Rtc.Stun;
using OpenLive.Rtc.Tests.Rtp;
using OpenLive.Rtc.Tests.Stun;
using OpenLive.Tests.Shared;

namespace OpenLive.Rtc.Tests.Ice;

public sealed class IceLiteResponderTests : IDisposable
{
    private static readonly IPEndPoint Browser = new(IPAddress.Parse("198.51.100.7"), 50_000);
    private static readonly IPEndPoint BrowserOnWifi = new(IPAddress.Parse("2001:db8::7"), 50_002);

    private readonly FakeTimeProvider time = new();
    private readonly IceCredentials server = IceCredentials.Generate();
    private readonly IceLiteResponder responder;
    private readonly byte[] response = new byte[IceLiteResponder.MaxResponseLength];

    public IceLiteResponderTests() => responder = new IceLiteResponder(server, time, "brws");

    private CheckBuilder Check => new(server, "brws");

    public void Dispose() => responder.Dispose();

    [Fact]
    public void ValidCheck_IsAnswered_WithTheSourceAsSeen_SignedWithOurPassword()
    {
        var id = StunTransactionId.NewRandom();
        Assert.Equal(IceLiteResult.Answered, Handle(Check.Build(id), Browser, out var answer));
        Assert.True(StunMessage.TryParse(answer, out var message));
        Assert.Equal(StunClass.SuccessResponse, message.Class);
        Assert.Equal(id, message.TransactionId);
        Assert.True(message.TryGetXorMappedAddress(out var mapped));
        Assert.Equal(Browser, mapped);
        using var key = StunIntegrityKey.ForPassword(server.Password);
        Assert.True(key.Verify(message));
        Assert.True(message.IsFingerprintValid());
        Assert.Null(responder.SelectedEndpoint);
        Assert.Equal(1, responder.RemoteEndpointCount);
    }

    [Fact]
    public void UseCandidate_Nominates_AndTheLatestNominationWins()
    {
        Assert.Equal(IceLiteResult.Nominated, Handle(Check with { UseCandidate = true }, Browser));
        Assert.Equal(Browser, responder.SelectedEndpoint);
        Assert.Equal(IceLiteResult.Answered, Handle(Check with { UseCandidate = true }, Browser));
        Assert.Equal(IceLiteResult.Answered, Handle(Check, BrowserOnWifi));
        Assert.Equal(Browser, responder.SelectedEndpoint);
        Assert.Equal(IceLiteResult.Nominated, Handle(Check with { UseCandidate = true }, BrowserOnWifi));
        Assert.Equal(BrowserOnWifi, responder.SelectedEndpoint);
        Assert.Equal(2, responder.RemoteEndpointCount);
    }

    [Fact]
    public void SourceObject_IsCopied_SoTheCallerMayReuseIt()
    {
        var reused = new IPEndPoint(Browser.Address, Browser.Port);
        Handle(Check with { UseCandidate = true }, reused);
        reused.Port = 1;
        Assert.Equal(Browser, responder.SelectedEndpoint);
    }

    [Theory]
    [InlineData("username", StunErrorCode.BadRequest)]
    [InlineData("integrity", StunErrorCode.BadRequest)]
    [InlineData("fingerprint", StunErrorCode.BadRequest)]
    [InlineData("priority", StunErrorCode.BadRequest)]
    [InlineData("password", StunErrorCode.Unauthorized)]
    [InlineData("ufrag", StunErrorCode.Unauthorized)]
    [InlineData("remote-ufrag", StunErrorCode.Unauthorized)]
    [InlineData("no-colon", StunErrorCode.Unauthorized)]
    public void BadChecks_AreRefused_WithoutIntegrity(string broken, int code)
    {
        var check = broken switch
        {
            "username" => Check with { WithUsername = false },
            "integrity" => Check with { WithIntegrity = false },
            "fingerprint" => Check with { WithFingerprint = false },
            "priority" => Check with { WithPriority = false },
            "password" => Check with { Password = "0123456789012345678901" },
            "ufrag" => Check with { Username = "nope:brws" },
            "remote-ufrag" => Check with { Username = $"{server.Ufrag}:other" },
            _ => Check with { Username = server.Ufrag },
        };
        Assert.Equal(IceLiteResult.Rejected, Handle(check, Browser, out var answer));
        AssertError(answer, code, signed: false);
        Assert.Null(responder.SelectedEndpoint);
        Assert.Equal(0, responder.RemoteEndpointCount);
    }

    [Fact]
    public void PeerClaimingControlled_GetsRoleConflict_BecauseALiteAgentIsAlwaysControlled() // RFC 8445 §7.3.1.1
    {
        Assert.Equal(IceLiteResult.Rejected, Handle(Check with { Controlled = true, UseCandidate = true }, Browser, out var answer));
        AssertError(answer, StunErrorCode.RoleConflict, signed: true);
        Assert.Null(responder.SelectedEndpoint);
    }

    [Fact]
    public void Rfc5769SampleRequest_ToALiteAgent_IsARoleConflict()
    {
        // §2.1's request is a check from a controlled agent "h6vY" to "evtj" with the sample password.
        using var lite = new IceLiteResponder(IceCredentials.Create("evtj", Rfc5769Vectors.Password), time, "h6vY");
        var buffer = new byte[IceLiteResponder.MaxResponseLength];
        Assert.Equal(IceLiteResult.Rejected, lite.HandleRequest(Rfc5769Vectors.Request, Browser, buffer, out var length));
        Assert.True(StunMessage.TryParse(buffer.AsSpan(0, length), out var message));
        Assert.True(message.TryGetErrorCode(out var code, out _));
        Assert.Equal(StunErrorCode.RoleConflict, code);
        Assert.Equal(StunTransactionId.Read(Rfc5769Vectors.TransactionId), message.TransactionId);
    }

    [Fact]
    public void UnknownComprehensionRequiredAttribute_Gets420_ListingIt() // RFC 8489 §6.3.1
    {
        Assert.Equal(IceLiteResult.Rejected, Handle(Check with { ExtraAttribute = 0x0014 }, Browser, out var answer));
        AssertError(answer, StunErrorCode.UnknownAttribute, signed: true);
        Assert.True(StunMessage.TryParse(answer, out var message));
        var attributes = message.Attributes;
        var listed = false;
        while (attributes.MoveNext())
        {
            listed |= attributes.Type == StunAttributeType.UnknownAttributes && attributes.Value.SequenceEqual(new byte[] { 0x00, 0x14 });
        }

        Assert.True(listed);
    }

    [Fact]
    public void UnknownOptionalAttribute_IsFine() =>
        Assert.Equal(IceLiteResult.Answered, Handle(Check with { ExtraAttribute = 0xC057 }, Browser));

    [Fact]
    public void BadFingerprint_Indications_Responses_AndNonStun_GetNoAnswer()
    {
        var corrupt = Check.Build();
        corrupt[^1] ^= 1;
        Assert.Equal(IceLiteResult.NoResponse, Handle(corrupt, Browser));
        Assert.Equal(IceLiteResult.NoResponse, Handle(Check with { Class = StunClass.Indication }, Browser));
        Assert.Equal(IceLiteResult.NoResponse, Handle(Check with { Class = StunClass.SuccessResponse }, Browser));
        Assert.Equal(IceLiteResult.NoResponse, Handle([0x80, 0x60, 0, 1], Browser));
        Assert.Equal(0, responder.RemoteEndpointCount);
    }

    [Fact]
    public void WithoutTheRemoteUfrag_OnlyOurPrefixIsChecked()
    {
        using var early = new IceLiteResponder(server, time);
        var buffer = new byte[IceLiteResponder.MaxResponseLength];
        Assert.Equal(IceLiteResult.Answered, early.HandleRequest((Check with { Username = $"{server.Ufrag}:anyone" }).Build(), Browser, buffer, out _));
        early.SetRemoteUfrag("brws");
        Assert.Equal(IceLiteResult.Rejected, early.HandleRequest((Check with { Username = $"{server.Ufrag}:anyone" }).Build(), Browser, buffer, out _));
    }

    [Fact]
    public void Consent_ExpiresAfter30sWithoutAValidCheckFromTheSelectedEndpoint() // RFC 7675
    {
        Assert.False(responder.IsConsentExpired());
        Handle(Check with { UseCandidate = true }, Browser);
        for (var i = 0; i < 12; i++)
        {
            time.Advance(TimeSpan.FromSeconds(5));
            Handle(Check, Browser);
            Assert.False(responder.IsConsentExpired());
        }

        // Checks from another endpoint do not keep the selected one alive; a failed check does not either.
        for (var i = 0; i < 5; i++)
        {
            time.Advance(TimeSpan.FromSeconds(5));
            Handle(Check, BrowserOnWifi);
            Handle(Check with { Password = "0123456789012345678901" }, Browser);
            Assert.False(responder.IsConsentExpired());
        }

        time.Advance(TimeSpan.FromSeconds(5));
        Assert.True(responder.IsConsentExpired());
        Assert.True(responder.IsConsentExpired(time.GetTimestamp()));
    }

    [Fact]
    public void TransportNobodyConnectsTo_ExpiresToo()
    {
        time.Advance(TimeSpan.FromSeconds(29));
        Handle(Check, Browser); // answered, but nothing nominated
        Assert.False(responder.IsConsentExpired());
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(responder.IsConsentExpired());
    }

    [Fact]
    public void ManyEndpoints_AreBounded_AndTheSelectedOneIsKept()
    {
        Handle(Check with { UseCandidate = true }, Browser);
        for (var port = 1; port <= 40; port++)
        {
            time.Advance(TimeSpan.FromMilliseconds(10));
            Handle(Check, new IPEndPoint(IPAddress.Loopback, port));
        }

        Assert.Equal(IceLiteResponder.MaxRemoteEndpoints, responder.RemoteEndpointCount);
        Assert.Equal(Browser, responder.SelectedEndpoint);
        time.Advance(TimeSpan.FromSeconds(25));
        Handle(Check, Browser);
        Assert.False(responder.IsConsentExpired());
    }

    [Fact]
    public void LocalUfrag_IsReadFromAFirstPacket_WithoutAuthenticating()
    {
        Assert.True(IceLiteResponder.TryReadLocalUfrag(Check.Build(), out var ufrag));
        Assert.Equal(server.UfragUtf8, ufrag.ToArray());
        Assert.True(IceLiteResponder.TryReadLocalUfrag((Check with { Password = "0123456789012345678901" }).Build(), out _));
        Assert.False(IceLiteResponder.TryReadLocalUfrag((Check with { WithUsername = false }).Build(), out _));
        Assert.False(IceLiteResponder.TryReadLocalUfrag((Check with { Username = "nocolon" }).Build(), out _));
        Assert.False(IceLiteResponder.TryReadLocalUfrag((Check with { Class = StunClass.Indication }).Build(), out _));
        Assert.False(IceLiteResponder.TryReadLocalUfrag([0x16, 0xfe, 0xfd], out _));
    }

    [Fact]
    public void PerRequestPath_AllocatesNothing_AfterWarmUp()
    {
        using var lite = new IceLiteResponder(server, TimeProvider.System, "brws");
        var check = (Check with { UseCandidate = true }).Build();
        var v6Check = Check.Build();
        var buffer = new byte[IceLiteResponder.MaxResponseLength];
        var source = new IPEndPoint(Browser.Address, Browser.Port);
        var v6Source = new IPEndPoint(BrowserOnWifi.Address, BrowserOnWifi.Port);
        var answered = 0;
        for (var i = 0; i < 100; i++)
        {
            answered += Run();
        }

        Assert.Equal(0, AllocationMeter.LeastAllocated(() => answered += Run(), iterations: 10_000));
        Assert.Equal(2 * (100 + 1 + (3 * 10_000)), answered);

        // No asserts inside: the assertion library itself allocates.
        int Run()
        {
            var answers = lite.HandleRequest(v6Check, v6Source, buffer, out _) == IceLiteResult.Answered ? 1 : 0;
            answers += lite.HandleRequest(check, source, buffer, out _) is IceLiteResult.Answered or IceLiteResult.Nominated ? 1 : 0;
            answers += IceLiteResponder.TryReadLocalUfrag(check, out _) && !lite.IsConsentExpired() ? 0 : 100;
            return answers;
        }
    }

    [Fact]
    public void AnyBytes_AndMutatedChecks_NeverThrow()
    {
        var buffer = new byte[IceLiteResponder.MaxResponseLength];
        Gen.Byte.Array[0, 120].Sample(bytes =>
        {
            responder.HandleRequest(bytes, Browser, buffer, out var length);
            Assert.InRange(length, 0, buffer.Length);
            IceLiteResponder.TryReadLocalUfrag(bytes, out _);
        }, iter: 5_000);
        var valid = (Check with { UseCandidate = true }).Build();
        Gen.Select(Gen.Int[0, valid.Length - 1], Gen.Byte[1, 255]).Sample((at, flip) =>
        {
            var mutated = (byte[])valid.Clone();
            mutated[at] ^= flip;
            var result = responder.HandleRequest(mutated, Browser, buffer, out _);
            Assert.NotEqual(IceLiteResult.Answered, result); // no single-byte change gets past FINGERPRINT and MI
            Assert.NotEqual(IceLiteResult.Nominated, result);
        }, iter: 5_000);
    }

    private const string BrowserPassword = "browser-password-0123456789";

    [Fact]
    public void OnceSwitchesNeedVerification_ANominationMovesNothing_UntilOurRequestIsAnswered()
    {
        responder.SetRemoteCredentials("brws", BrowserPassword);
        Assert.Equal(IceLiteResult.Nominated, Handle(Check with { UseCandidate = true }, Browser));
        responder.RequireVerifiedSwitches(Browser);

        Assert.Equal(IceLiteResult.VerificationPending, Handle(Check with { UseCandidate = true }, BrowserOnWifi));
        Assert.Equal(Browser, responder.SelectedEndpoint);
        Assert.Equal(IceLiteResult.Answered, Handle(Check with { UseCandidate = true }, BrowserOnWifi)); // Already pending.

        var buffer = new byte[IceLiteResponder.MaxRequestLength];
        Assert.True(responder.TryWriteVerificationRequest(buffer, time.GetTimestamp(), out var to, out var length));
        Assert.Equal(BrowserOnWifi, to);
        Assert.False(responder.TryWriteVerificationRequest(buffer, time.GetTimestamp(), out _, out _)); // Not due yet.
        Assert.True(StunMessage.TryParse(buffer.AsSpan(0, length), out var request));
        Assert.Equal(StunClass.Request, request.Class);
        Assert.Equal($"brws:{server.Ufrag}", System.Text.Encoding.ASCII.GetString(request.Username));
        Assert.NotNull(request.IceControlled);
        Assert.False(request.UseCandidate);
        using var browserKey = StunIntegrityKey.ForPassword(BrowserPassword);
        Assert.True(browserKey.Verify(request));
        Assert.True(request.IsFingerprintValid());

        var answer = new byte[IceLiteResponder.MaxResponseLength];
        var answerLength = IceResponses.WriteSuccess(answer, request, BrowserOnWifi, browserKey);
        Assert.Equal(IceLiteResult.NoResponse, responder.HandleResponse(answer.AsSpan(0, answerLength), Browser)); // Wrong source.
        using var wrongKey = StunIntegrityKey.ForPassword("some-other-password-0123");
        var forged = new byte[IceLiteResponder.MaxResponseLength];
        var forgedLength = IceResponses.WriteSuccess(forged, request, BrowserOnWifi, wrongKey);
        Assert.Equal(IceLiteResult.NoResponse, responder.HandleResponse(forged.AsSpan(0, forgedLength), BrowserOnWifi));
        Assert.Equal(Browser, responder.SelectedEndpoint);

        Assert.Equal(IceLiteResult.Nominated, responder.HandleResponse(answer.AsSpan(0, answerLength), BrowserOnWifi));
        Assert.Equal(BrowserOnWifi, responder.SelectedEndpoint);
        Assert.Null(responder.PendingEndpoint);
    }

    [Fact]
    public void AVerificationNeverAnswered_SendsFourRequests_ThenIsGivenUp()
    {
        responder.SetRemoteCredentials("brws", BrowserPassword);
        responder.RequireVerifiedSwitches(Browser);
        Assert.Equal(IceLiteResult.VerificationPending, Handle(Check with { UseCandidate = true }, BrowserOnWifi));
        var buffer = new byte[IceLiteResponder.MaxRequestLength];
        var sent = 0;
        for (var i = 0; i < 100; i++)
        {
            if (responder.TryWriteVerificationRequest(buffer, time.GetTimestamp(), out _, out _))
            {
                sent++;
            }

            time.Advance(TimeSpan.FromMilliseconds(50));
        }

        Assert.Equal(IceLiteResponder.VerificationTransmissions, sent);
        Assert.Null(responder.PendingEndpoint);
        Assert.Equal(Browser, responder.SelectedEndpoint);
        Assert.Equal(0, AllocationMeter.LeastAllocated(() => responder.TryWriteVerificationRequest(buffer, time.GetTimestamp(), out _, out _)));
    }

    private IceLiteResult Handle(CheckBuilder check, IPEndPoint source) => Handle(check.Build(), source, out _);

    private IceLiteResult Handle(CheckBuilder check, IPEndPoint source, out byte[] answer) => Handle(check.Build(), source, out answer);

    private IceLiteResult Handle(byte[] packet, IPEndPoint source) => Handle(packet, source, out _);

    private IceLiteResult Handle(byte[] packet, IPEndPoint source, out byte[] answer)
    {
        var result = responder.HandleRequest(packet, source, response, out var length);
        Assert.Equal(result == IceLiteResult.NoResponse, length == 0);
        answer = response[..length];
        return result;
    }

    private void AssertError(byte[] answer, int code, bool signed)
    {
        Assert.True(StunMessage.TryParse(answer, out var message));
        Assert.Equal(StunClass.ErrorResponse, message.Class);
        Assert.True(message.TryGetErrorCode(out var actual, out _));
        Assert.Equal(code, actual);
        Assert.True(message.IsFingerprintValid());
        Assert.Equal(signed, message.HasMessageIntegrity);
        if (signed)
        {
            using var key = StunIntegrityKey.ForPassword(server.Password);
            Assert.True(key.Verify(message));
        }
    }
}
