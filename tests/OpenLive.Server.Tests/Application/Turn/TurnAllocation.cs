using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace OpenLive.Server.Tests.Application.Turn;

/// <summary>
/// The two-step TURN Allocate of RFC 8656 §7 with a long-term credential (RFC 8489 §9.2), as a browser sends it: an
/// unauthenticated Allocate, the server's 401 with REALM and NONCE, then the Allocate with USERNAME, REALM, NONCE and
/// MESSAGE-INTEGRITY keyed with MD5(username ":" realm ":" password). Only what these tests need, written by hand.
/// </summary>
internal static class TurnAllocation
{
    public readonly record struct Outcome(bool Allocated, int ErrorCode)
    {
        public override string ToString() => Allocated ? "allocated" : $"error {ErrorCode}";
    }

    private const ushort AllocateRequest = 0x0003;
    private const ushort AllocateSuccess = 0x0103;
    private const ushort AllocateError = 0x0113;
    private const ushort Username = 0x0006;
    private const ushort MessageIntegrity = 0x0008;
    private const ushort ErrorCodeAttribute = 0x0009;
    private const ushort RealmAttribute = 0x0014;
    private const ushort NonceAttribute = 0x0015;
    private const ushort RequestedTransport = 0x0019;
    private const uint MagicCookie = 0x2112A442;

    /// <summary>Allocates with <paramref name="username"/>/<paramref name="password"/>: allocated, or the final error code.</summary>
    public static async Task<Outcome> TryAsync(IPEndPoint server, string username, string password, TimeSpan timeout)
    {
        using var socket = new UdpClient(AddressFamily.InterNetwork);
        socket.Connect(server);
        var challenge = await ExchangeAsync(socket, Request(null), timeout).ConfigureAwait(false);
        if (challenge.Type != AllocateError || challenge.Realm is null || challenge.Nonce is null)
        {
            return new Outcome(challenge.Type == AllocateSuccess, challenge.ErrorCode);
        }

        if (username == "probe")
        {
            return new Outcome(false, challenge.ErrorCode);
        }

#pragma warning disable CA5351 // MD5 is the long-term credential key's definition (RFC 8489 §9.2.2).
        var key = MD5.HashData(Encoding.UTF8.GetBytes($"{username}:{challenge.Realm}:{password}"));
#pragma warning restore CA5351
        var answer = await ExchangeAsync(socket, Request((username, challenge.Realm, challenge.Nonce, key)), timeout).ConfigureAwait(false);
        return new Outcome(answer.Type == AllocateSuccess, answer.ErrorCode);
    }

    private static byte[] Request((string Username, string Realm, byte[] Nonce, byte[] Key)? auth)
    {
        var message = new List<byte>(256);
        var header = new byte[20];
        BinaryPrimitives.WriteUInt16BigEndian(header, AllocateRequest);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), MagicCookie);
        RandomNumberGenerator.Fill(header.AsSpan(8, 12));
        message.AddRange(header);
        Attribute(message, RequestedTransport, [17, 0, 0, 0]); // UDP
        if (auth is { } a)
        {
            Attribute(message, Username, Encoding.UTF8.GetBytes(a.Username));
            Attribute(message, RealmAttribute, Encoding.UTF8.GetBytes(a.Realm));
            Attribute(message, NonceAttribute, a.Nonce);
            var bytes = message.ToArray();
            BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(2), (ushort)(bytes.Length - 20 + 24)); // length as if MI were there
#pragma warning disable CA5350 // MESSAGE-INTEGRITY is HMAC-SHA1 by definition (RFC 8489 §14.5).
            var mac = HMACSHA1.HashData(a.Key, bytes);
#pragma warning restore CA5350
            message = [.. bytes];
            Attribute(message, MessageIntegrity, mac);
        }

        var result = message.ToArray();
        BinaryPrimitives.WriteUInt16BigEndian(result.AsSpan(2), (ushort)(result.Length - 20));
        return result;
    }

    private static void Attribute(List<byte> message, ushort type, byte[] value)
    {
        Span<byte> head = stackalloc byte[4];
        BinaryPrimitives.WriteUInt16BigEndian(head, type);
        BinaryPrimitives.WriteUInt16BigEndian(head[2..], (ushort)value.Length);
        message.AddRange(head);
        message.AddRange(value);
        message.AddRange(new byte[(4 - (value.Length % 4)) % 4]);
    }

    private sealed record Response(ushort Type, int ErrorCode, string? Realm, byte[]? Nonce);

    private static async Task<Response> ExchangeAsync(UdpClient socket, byte[] request, TimeSpan timeout)
    {
        await socket.SendAsync(request).ConfigureAwait(false);
        using var cancel = new CancellationTokenSource(timeout);
        UdpReceiveResult received;
        try
        {
            received = await socket.ReceiveAsync(cancel.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException("no TURN answer");
        }

        var bytes = received.Buffer;
        var type = BinaryPrimitives.ReadUInt16BigEndian(bytes);
        int code = 0;
        string? realm = null;
        byte[]? nonce = null;
        for (var offset = 20; offset + 4 <= bytes.Length;)
        {
            var attribute = BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(offset));
            var length = BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(offset + 2));
            var value = bytes.AsSpan(offset + 4, Math.Min(length, bytes.Length - offset - 4));
            switch (attribute)
            {
                case ErrorCodeAttribute when value.Length >= 4:
                    code = (value[2] & 0x7) * 100 + value[3];
                    break;
                case RealmAttribute:
                    realm = Encoding.UTF8.GetString(value);
                    break;
                case NonceAttribute:
                    nonce = value.ToArray();
                    break;
            }

            offset += 4 + length + ((4 - (length % 4)) % 4);
        }

        return new Response(type, code, realm, nonce);
    }
}
