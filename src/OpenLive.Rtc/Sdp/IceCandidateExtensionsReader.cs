using System.Diagnostics.CodeAnalysis;

namespace OpenLive.Rtc.Sdp;

/// <summary>Collects the name/value pairs after <c>typ</c> of a candidate line; a known name may appear once.</summary>
internal struct IceCandidateExtensionsReader
{
    public string? RelatedAddress;
    public int? RelatedPort;
    public IceTcpType? TcpType;
    public uint? Generation;
    public string? Ufrag;
    public uint? NetworkId;
    public uint? NetworkCost;
    public List<IceCandidateExtension>? Others;

    public bool TryRead(ReadOnlySpan<char> name, ReadOnlySpan<char> value, [NotNullWhen(false)] out string? error)
    {
        error = name switch
        {
            "raddr" => RelatedAddress is null ? Set(ref RelatedAddress, value.ToString()) : Twice(name),
            "rport" => RelatedPort is not null ? Twice(name)
                : SdpText.TryParsePort(value, out var port) ? Set(ref RelatedPort, port) : "rport must be 0-65535",
            "tcptype" => TcpType is not null ? Twice(name)
                : TryParseTcpType(value, out var tcpType) ? Set(ref TcpType, tcpType) : "tcptype must be active, passive or so",
            "generation" => Number(ref Generation, name, value),
            "ufrag" => Ufrag is null ? Set(ref Ufrag, value.ToString()) : Twice(name),
            "network-id" => Number(ref NetworkId, name, value),
            "network-cost" => Number(ref NetworkCost, name, value),
            _ => AddOther(name, value),
        };
        return error is null;
    }

    private static string? Set<T>(ref T field, T value)
    {
        field = value;
        return null;
    }

    private static string Twice(ReadOnlySpan<char> name) => $"{name} appears twice";

    private static string? Number(ref uint? field, ReadOnlySpan<char> name, ReadOnlySpan<char> value)
    {
        if (field is not null)
        {
            return Twice(name);
        }

        if (!SdpText.TryParseUInt32(value, out var number))
        {
            return $"{name} must be a number 0-4294967295";
        }

        field = number;
        return null;
    }

    private string? AddOther(ReadOnlySpan<char> name, ReadOnlySpan<char> value)
    {
        (Others ??= []).Add(new IceCandidateExtension(name.ToString(), value.ToString()));
        return null;
    }

    private static bool TryParseTcpType(ReadOnlySpan<char> token, out IceTcpType type)
    {
        switch (token)
        {
            case "active":
                type = IceTcpType.Active;
                return true;
            case "passive":
                type = IceTcpType.Passive;
                return true;
            case "so":
                type = IceTcpType.SimultaneousOpen;
                return true;
            default:
                type = default;
                return false;
        }
    }
}
