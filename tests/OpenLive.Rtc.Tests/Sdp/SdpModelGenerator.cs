using System.Globalization;
using OpenLive.Rtc.Sdp;

namespace OpenLive.Rtc.Tests.Sdp;

/// <summary>
/// Random valid descriptions: every field the model has, filled within what the grammar allows, so that
/// parse(write(x)) must give x back. Driven by a seed so CsCheck can report and replay failures.
/// </summary>
internal sealed class SdpModelGenerator(int seed)
{
    private const string TokenChars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.!#$%&'*+^`{|}~";
    private const string IceChars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/";
    private const string RidChars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_";
    private const string TextChars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 :;=/,.-_*<>@{}()~\"'é";

    private static readonly string[] KnownCandidateExtensions = ["raddr", "rport", "tcptype", "generation", "ufrag", "network-id", "network-cost"];

    private readonly Random random = new(seed);

    public SessionDescription Session()
    {
        var session = new SessionDescription
        {
            Origin = new Origin(Word(), Digits(), Digits(), "IN", Pick("IP4", "IP6"), Word()),
            SessionName = Text(),
            Information = Maybe(Text),
            UriReference = Maybe(Text),
            Connection = Maybe(Connection),
            TimeZones = Maybe(Text),
            EncryptionKey = Maybe(Text),
            ExtmapAllowMixed = Bool(),
            MsidSemantic = Maybe(() => new MsidSemantic(Token(), List(0, 3, Word))),
            IceLite = Bool(),
            IceUfrag = Maybe(Ufrag),
            IcePwd = Maybe(Password),
            Setup = MaybeValue(Setup),
            EndOfCandidates = Bool(),
            Direction = MaybeValue(Direction),
        };
        session.Times.Clear();
        session.Times.AddRange(List(1, 2, () =>
        {
            var time = new TimeDescription(ULong(), ULong());
            time.Repeats.AddRange(List(0, 2, Text));
            return time;
        }));
        session.Emails.AddRange(List(0, 2, Text));
        session.Phones.AddRange(List(0, 2, Text));
        session.Bandwidths.AddRange(List(0, 2, Bandwidth));
        session.Groups.AddRange(List(0, 2, () => new MediaGroup(Token(), List(0, 4, Token))));
        session.IceOptions.AddRange(List(0, 3, Token));
        session.Fingerprints.AddRange(List(0, 2, Fingerprint));
        session.OtherAttributes.AddRange(List(0, 3, Other));
        var count = random.Next(0, 5);
        for (var i = 0; i < count; i++)
        {
            session.Media.Add(Media(i));
        }

        return session;
    }

    private MediaDescription Media(int index)
    {
        var rtp = Bool();
        var media = new MediaDescription(Pick("audio", "video", "application", Token()), Port(), rtp ? Pick("UDP/TLS/RTP/SAVPF", "RTP/AVP") : Pick("UDP/DTLS/SCTP", "DTLS/SCTP"))
        {
            PortCount = MaybeValue(() => random.Next(1, 65536)),
            Information = Maybe(Text),
            Connection = Maybe(Connection),
            EncryptionKey = Maybe(Text),
            Mid = Bool() ? $"{index}-{Token()}" : null,
            Direction = MaybeValue(Direction),
            IceUfrag = Maybe(Ufrag),
            IcePwd = Maybe(Password),
            IceLite = Bool(),
            EndOfCandidates = Bool(),
            Setup = MaybeValue(Setup),
            Rtcp = Maybe(() => new RtcpAddress(Port(), Maybe(Connection))),
            RtcpMux = Bool(),
            RtcpReducedSize = Bool(),
            ExtmapAllowMixed = Bool(),
            Simulcast = Maybe(Simulcast),
            SctpPort = MaybeValue(Port),
            MaxMessageSize = MaybeValue(ULong),
        };
        if (rtp)
        {
            var payloadTypes = Enumerable.Range(0, 128).OrderBy(_ => random.Next()).Take(random.Next(0, 6));
            media.Codecs.AddRange(payloadTypes.Select(Codec));
            media.WildcardFeedback.AddRange(List(0, 2, Feedback));
        }
        else
        {
            media.Formats.AddRange(List(0, 3, Token));
        }

        media.Bandwidths.AddRange(List(0, 2, Bandwidth));
        media.Msids.AddRange(List(0, 2, () => new Msid(Word(), Maybe(Text))));
        media.IceOptions.AddRange(List(0, 2, Token));
        media.Candidates.AddRange(List(0, 3, Candidate));
        media.Fingerprints.AddRange(List(0, 2, Fingerprint));
        var ids = Enumerable.Range(1, 255).OrderBy(_ => random.Next()).Take(random.Next(0, 4));
        media.HeaderExtensions.AddRange(ids.Select(id => new HeaderExtension(id, Word(), MaybeValue(Direction), Maybe(Text))));
        media.SsrcLines.AddRange(List(0, 3, () => Bool()
            ? new SsrcLine(UInt(), string.Empty)
            : new SsrcLine(UInt(), Token(), Maybe(Text))));
        media.SsrcGroups.AddRange(List(0, 2, () => new SsrcGroup(Token(), List(0, 3, UInt))));
        media.Rids.AddRange(Enumerable.Range(0, random.Next(0, 3)).Select(i => Rid(i)));
        media.OtherAttributes.AddRange(List(0, 3, Other));
        return media;
    }

    private RtpCodec Codec(int payloadType)
    {
        var codec = Bool()
            ? new RtpCodec(payloadType, Token().Replace("/", string.Empty, StringComparison.Ordinal) is { Length: > 0 } name ? name : "x", (uint)random.Next(1, int.MaxValue), MaybeValue(() => random.Next(1, 256)))
            : new RtpCodec(payloadType);
        codec.Parameters = Maybe(() => new FormatParameters(Bool() ? string.Empty : Text()));
        codec.Feedback.AddRange(List(0, 3, Feedback));
        return codec;
    }

    private RidDescription Rid(int index)
    {
        var rid = new RidDescription($"{index}{Chars(RidChars, 1, 6)}", Bool() ? RidDirection.Send : RidDirection.Receive);
        rid.PayloadTypes.AddRange(List(0, 3, () => random.Next(0, 128)));
        rid.Restrictions.AddRange(List(0, 3, () => new RidRestriction("max-" + Token(), Maybe(() => Text().Replace(";", string.Empty, StringComparison.Ordinal).Trim(' ') is { Length: > 0 } v ? v : "1"))));
        return rid;
    }

    private Simulcast Simulcast()
    {
        var simulcast = new Simulcast();
        var send = Bool();
        var receive = !send || Bool();
        if (send)
        {
            simulcast.Send.AddRange(List(1, 3, Layer));
        }

        if (receive)
        {
            simulcast.Receive.AddRange(List(1, 3, Layer));
        }

        return simulcast;
    }

    private SimulcastLayer Layer() => new(List(1, 2, () => new SimulcastRid(Chars(RidChars, 1, 5), Bool())));

    private IceCandidate Candidate() => new()
    {
        Foundation = Chars(IceChars, 1, 32),
        Component = random.Next(1, 257),
        Transport = Pick("udp", "UDP", "tcp", Token()),
        Priority = UInt(),
        Address = Word(),
        Port = Port(),
        Type = (IceCandidateType)random.Next(0, 4),
        RelatedAddress = Maybe(Word),
        RelatedPort = MaybeValue(Port),
        TcpType = MaybeValue(() => (IceTcpType)random.Next(0, 3)),
        Generation = MaybeValue(UInt),
        Ufrag = Maybe(Word),
        NetworkId = MaybeValue(UInt),
        NetworkCost = MaybeValue(UInt),
        Extensions = List(0, 2, () => new IceCandidateExtension("x-" + Token(), Word())),
    };

    private RtcpFeedback Feedback() => new(Token(), Maybe(Text));

    private Fingerprint Fingerprint() =>
        OpenLive.Rtc.Sdp.Fingerprint.FromDigest(Pick("sha-256", "sha-1", Token()), Enumerable.Range(0, random.Next(1, 65)).Select(_ => (byte)random.Next(256)).ToArray());

    private AttributeLine Other() => new("x-" + Token(), Maybe(Text));

    private ConnectionData Connection() => new("IN", Pick("IP4", "IP6"), Word());

    private Bandwidth Bandwidth() => new(Pick("AS", "TIAS", "CT", Token()), ULong());

    private DtlsSetup Setup() => (DtlsSetup)random.Next(0, 4);

    private MediaDirection Direction() => (MediaDirection)random.Next(0, 4);

    private string Ufrag() => Chars(IceChars, 4, 40);

    private string Password() => Chars(IceChars, 22, 60);

    private string Token() => Chars(TokenChars, 1, 10);

    /// <summary>A run of non-space printable characters.</summary>
    private string Word() => Chars(TokenChars + ":;=/,<>@()\"é", 1, 12);

    /// <summary>Free text: no line breaks, no spaces at either end (lines lose trailing spaces, values their leading ones).</summary>
    private string Text() => Chars(TextChars, 1, 30).Trim(' ') is { Length: > 0 } text ? text : "t";

    private string Digits() => ULong().ToString(CultureInfo.InvariantCulture);

    private string Chars(string alphabet, int min, int max)
    {
        var chars = new char[random.Next(min, max + 1)];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = alphabet[random.Next(alphabet.Length)];
        }

        return new string(chars);
    }

    private int Port() => random.Next(0, 65536);

    private uint UInt() => (uint)random.NextInt64(0, 1L << 32);

    private ulong ULong() => (ulong)random.NextInt64() * (Bool() ? 2UL : 1UL);

    private bool Bool() => random.Next(2) == 0;

    private string Pick(params string[] options) => options[random.Next(options.Length)];

    private T? Maybe<T>(Func<T> make)
        where T : class => Bool() ? make() : null;

    private T? MaybeValue<T>(Func<T> make)
        where T : struct => Bool() ? make() : null;

    private List<T> List<T>(int min, int max, Func<T> make) =>
        Enumerable.Range(0, random.Next(min, max + 1)).Select(_ => make()).ToList();
}
