using System.Text;
using OpenLive.Rtc.Ice;
using OpenLive.Rtc.Stun;
using OpenLive.Rtc.Tests.Stun;

namespace OpenLive.Rtc.Tests.Ice;

/// <summary>Builds the connectivity checks a browser would send, with any part left out or broken on purpose.</summary>
internal sealed record CheckBuilder(IceCredentials Receiver, string SenderUfrag)
{
    public bool UseCandidate { get; init; }

    public bool Controlled { get; init; }

    public bool WithUsername { get; init; } = true;

    public bool WithPriority { get; init; } = true;

    public bool WithIntegrity { get; init; } = true;

    public bool WithFingerprint { get; init; } = true;

    public string? Password { get; init; }

    public string? Username { get; init; }

    public ushort? ExtraAttribute { get; init; }

    public StunClass Class { get; init; } = StunClass.Request;

    public byte[] Build(StunTransactionId? id = null)
    {
        var username = Encoding.ASCII.GetBytes(Username ?? $"{Receiver.Ufrag}:{SenderUfrag}");
        var steps = new List<WriteStep>();
        if (WithUsername)
        {
            steps.Add((ref StunWriter w) => w.AddAttribute(StunAttributeType.Username, username));
        }

        if (WithPriority)
        {
            steps.Add((ref StunWriter w) => w.AddPriority(0x6e0001ff));
        }

        if (Controlled)
        {
            steps.Add((ref StunWriter w) => w.AddIceControlled(42));
        }
        else
        {
            steps.Add((ref StunWriter w) => w.AddIceControlling(42));
        }

        if (UseCandidate)
        {
            steps.Add((ref StunWriter w) => w.AddUseCandidate());
        }

        if (ExtraAttribute is { } extra)
        {
            steps.Add((ref StunWriter w) => w.AddAttribute((StunAttributeType)extra, [1, 2, 3, 4]));
        }

        if (WithIntegrity)
        {
            var key = StunIntegrityKey.ForPassword(Password ?? Receiver.Password);
            steps.Add((ref StunWriter w) => w.AddMessageIntegrity(key));
        }

        if (WithFingerprint)
        {
            steps.Add((ref StunWriter w) => w.AddFingerprint());
        }

        return StunBytes.Write(Class, id ?? StunTransactionId.NewRandom(), [.. steps]);
    }
}
