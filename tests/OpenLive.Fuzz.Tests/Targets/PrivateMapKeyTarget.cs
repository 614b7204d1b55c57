using System.Text;
using OpenLive.Core.Auth;
using OpenLive.Core.Rooms;
using OpenLive.Fuzz.Tests.Engine;

namespace OpenLive.Fuzz.Tests.Targets;

/// <summary>
/// privateMapKey decoding and verification as room entry runs it (<see cref="UserSigVerifier.VerifyPrivateMapKey(string, string?, uint)"/>
/// and the string-room variant) and the binary userbuf layout reader (<see cref="PrivateMapKey.TryParse"/>). Layer 0
/// inputs are userbuf bytes that get signed with the app key before verification, so mutations get past the HMAC
/// and reach the layout reader through the real path; layer 1 inputs are the ticket text as sent.
/// </summary>
internal sealed class PrivateMapKeyTarget : FuzzTarget<(string Ticket, byte[] UserBuf)>
{
    private const uint RoomId = 1234;
    private readonly UserSigGenerator generator = new(UserSigTarget.SdkAppId, UserSigTarget.Key);
    private readonly UserSigVerifier verifier = new(UserSigTarget.SdkAppId, UserSigTarget.Key);

    public override string Name => "privateMapKey";

    protected override IReadOnlyList<byte[]> Seeds { get; } = BuildSeeds();

    protected override long AllocationBound(int inputLength) => 64 * 1024 + (16L * inputLength);

    protected override (string Ticket, byte[] UserBuf) Prepare(byte[] bytes)
    {
        if (bytes.Length == 0)
        {
            return (string.Empty, []);
        }

        var body = bytes[1..];
        // The generator signs at most MaxUserBufLength bytes (a longer userbuf is refused by the decoder anyway).
        var userBuf = body.Length > UserSigLimits.MaxUserBufLength ? body[..UserSigLimits.MaxUserBufLength] : body;
        return (bytes[0] % 2) == 0
            ? (generator.GenSigWithUserBuf(UserSigTarget.UserId, 86400, userBuf), userBuf)
            : (Encoding.UTF8.GetString(body), body);
    }

    protected override void Parse((string Ticket, byte[] UserBuf) input)
    {
        _ = PrivateMapKey.TryParse(input.UserBuf, out _);
        _ = verifier.VerifyPrivateMapKey(UserSigTarget.UserId, input.Ticket, RoomId);
        _ = verifier.VerifyPrivateMapKey(UserSigTarget.UserId, input.Ticket, "room-1234");
    }

    private static List<byte[]> BuildSeeds()
    {
        var generator = new UserSigGenerator(UserSigTarget.SdkAppId, UserSigTarget.Key);
        var numeric = generator.GenPrivateMapKey(UserSigTarget.UserId, 86400, RoomId, AuthBits.Default);
        var text = generator.GenPrivateMapKey(UserSigTarget.UserId, 86400, "room-1234", AuthBits.Default);
        var seeds = new List<byte[]>();
        foreach (var ticket in new[] { numeric, text })
        {
            UserSigDecoder.TryDecode(ticket, out var decoded, out _);
            seeds.Add(TicketText.Layered(0, decoded!.UserBuf));
            seeds.Add(TicketText.Layered(1, Encoding.ASCII.GetBytes(ticket)));
        }

        return seeds;
    }
}
