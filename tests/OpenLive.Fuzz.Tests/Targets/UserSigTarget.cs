using System.Text;
using OpenLive.Core.Auth;
using OpenLive.Fuzz.Tests.Engine;

namespace OpenLive.Fuzz.Tests.Targets;

/// <summary>
/// userSig decoding and verification as login runs it (<see cref="UserSigVerifier"/>, <see cref="UserSigDecoder"/>).
/// An input is one layer byte and that layer's bytes: 0 = the JSON document (compressed and encoded before the
/// parser sees it, so mutations reach the JSON reader), 1 = the zlib stream (reaches the inflater), 2 = the ticket
/// text as sent. Seeds are tickets from <see cref="UserSigGenerator"/>, stored and deflated, with and without userbuf.
/// </summary>
internal sealed class UserSigTarget : FuzzTarget<string>
{
    internal const uint SdkAppId = 1400000001;
    internal const string Key = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e";
    internal const string UserId = "alice";

    private readonly UserSigVerifier verifier = new(SdkAppId, Key);

    public override string Name => "userSig";

    protected override IReadOnlyList<byte[]> Seeds { get; } = BuildSeeds();

    // Three decodes per input (Verify, VerifyAnyUserBuf, TryDecode); a deflated ticket costs each ZLibStream and its
    // buffers (about 34 KB), whatever the stream claims to inflate to: the document buffer is pooled and capped.
    protected override long AllocationBound(int inputLength) => 160 * 1024 + (16L * inputLength);

    protected override string Prepare(byte[] bytes)
    {
        if (bytes.Length == 0)
        {
            return string.Empty;
        }

        return (bytes[0] % 3) switch
        {
            0 => TicketText.Encode(TicketText.Compress(bytes.AsSpan(1))),
            1 => TicketText.Encode(bytes.AsSpan(1)),
            _ => Encoding.UTF8.GetString(bytes.AsSpan(1)),
        };
    }

    protected override void Parse(string input)
    {
        _ = verifier.Verify(UserId, input);
        _ = verifier.VerifyAnyUserBuf(UserId, input);
        _ = UserSigDecoder.TryDecode(input, out _, out _);
    }

    private static List<byte[]> BuildSeeds()
    {
        var seeds = new List<byte[]>();
        foreach (var compression in new[] { UserSigCompression.Stored, UserSigCompression.Deflate })
        {
            var generator = new UserSigGenerator(SdkAppId, Key, compression: compression);
            foreach (var ticket in new[] { generator.GenUserSig(UserId), generator.GenSigWithUserBuf(UserId, 86400, "buf\u0000\u00ff"u8) })
            {
                var zlib = TicketText.Decode(ticket);
                seeds.Add(TicketText.Layered(0, TicketText.Inflate(zlib)));
                seeds.Add(TicketText.Layered(1, zlib));
                seeds.Add(TicketText.Layered(2, Encoding.ASCII.GetBytes(ticket)));
            }
        }

        return seeds;
    }
}
