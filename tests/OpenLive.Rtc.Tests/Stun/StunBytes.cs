using OpenLive.Rtc.Stun;

namespace OpenLive.Rtc.Tests.Stun;

/// <summary>One step of building a message (a ref struct writer cannot be captured, so steps take it by ref).</summary>
internal delegate void WriteStep(ref StunWriter writer);

/// <summary>Builds test messages with the production writer.</summary>
internal static class StunBytes
{
    public static readonly StunTransactionId Id = new(0x0102030405060708, 0x090a0b0c);

    public static byte[] Request(params WriteStep[] steps) => Write(StunClass.Request, Id, steps);

    public static byte[] Write(StunClass messageClass, StunTransactionId id, params WriteStep[] steps)
    {
        var buffer = new byte[8192];
        var writer = new StunWriter(buffer, messageClass, StunMethod.Binding, id);
        foreach (var step in steps)
        {
            step(ref writer);
        }

        return writer.Written.ToArray();
    }
}
