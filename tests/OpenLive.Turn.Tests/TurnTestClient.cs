using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using OpenLive.Rtc.Stun;

namespace OpenLive.Turn.Tests;

/// <summary>
/// A minimal TURN client for the tests: raw STUN messages over a real UDP socket or TCP connection, built with the
/// project's STUN writer, with the long-term credential dance (401 → REALM/NONCE → MESSAGE-INTEGRITY) done by hand so
/// each step can be checked.
/// </summary>
internal sealed class TurnTestClient : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(5);
    private readonly Socket socket;
    private readonly bool tcp;
    private readonly Queue<byte[]> unread = new();
    private readonly byte[] streamBuffer = new byte[70_000];
    private int streamFilled;

    private TurnTestClient(Socket socket, bool tcp)
    {
        this.socket = socket;
        this.tcp = tcp;
    }

    public string? Username { get; set; }

    public string? Password { get; set; }

    public byte[] Realm { get; set; } = [];

    public byte[] Nonce { get; set; } = [];

    public IPEndPoint LocalEndPoint => (IPEndPoint)socket.LocalEndPoint!;

    public static async Task<TurnTestClient> ConnectAsync(TurnServer server, bool tcp, int receiveBufferBytes = 0)
    {
        if (!tcp)
        {
            var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            udp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            udp.Connect(server.UdpEndPoint);
            return new TurnTestClient(udp, tcp: false);
        }

        var stream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        if (receiveBufferBytes > 0)
        {
            stream.ReceiveBufferSize = receiveBufferBytes; // before connecting: it sets the window offered
        }

        await stream.ConnectAsync(server.TcpEndPoint!);
        return new TurnTestClient(stream, tcp: true);
    }

    public void WithCredentials(string secret, string userId, DateTimeOffset expiry)
    {
        Username = TurnRestCredentials.Username(expiry.ToUnixTimeSeconds(), userId);
        Password = TurnRestCredentials.Password(secret, Username);
    }

    /// <summary>Sends raw bytes (as one datagram or onto the stream).</summary>
    public void SendRaw(ReadOnlySpan<byte> bytes) => socket.Send(bytes);

    /// <summary>A request built by <paramref name="build"/>; signs it when a nonce is known; returns the response.</summary>
    public async Task<byte[]> RequestAsync(StunMethod method, WriteAttributes build, bool sign = true)
    {
        var id = StunTransactionId.NewRandom();
        var bytes = Build(StunClass.Request, method, id, build, sign);
        SendRaw(bytes);
        var until = DateTime.UtcNow + Deadline;
        var seen = new List<string>();
        while (true)
        {
            var message = await ReceiveAsync(until - DateTime.UtcNow);
            if (StunMessage.TryParse(message, out var parsed) && parsed.Class is StunClass.SuccessResponse or StunClass.ErrorResponse
                && parsed.TransactionId == id)
            {
                return message;
            }

            seen.Add(Convert.ToHexString(message.AsSpan(0, Math.Min(8, message.Length))));
            unread.Enqueue(message);
        }
    }

    /// <summary>The long-term credential dance: unsigned Allocate → 401 with REALM and NONCE → signed Allocate.</summary>
    public async Task<byte[]> AllocateAsync(WriteAttributes? extra = null)
    {
        var challenge = await RequestAsync(StunMethod.Allocate, (ref StunWriter w) => AddRequestedTransport(ref w), sign: false);
        Assert.Equal(401, ErrorCode(challenge));
        TakeChallenge(challenge);
        return await RequestAsync(StunMethod.Allocate, (ref StunWriter w) =>
        {
            AddRequestedTransport(ref w);
            extra?.Invoke(ref w);
        });
    }

    public void TakeChallenge(byte[] response)
    {
        Realm = Attribute(response, StunAttributeType.Realm) ?? throw new InvalidOperationException("no REALM");
        Nonce = Attribute(response, StunAttributeType.Nonce) ?? throw new InvalidOperationException("no NONCE");
    }

    public Task<byte[]> CreatePermissionAsync(IPEndPoint peer) =>
        RequestAsync(StunMethod.CreatePermission, (ref StunWriter w) => w.AddXorAddress(StunAttributeType.XorPeerAddress, peer));

    public Task<byte[]> ChannelBindAsync(ushort channel, IPEndPoint peer) =>
        RequestAsync(StunMethod.ChannelBind, (ref StunWriter w) =>
        {
            Span<byte> value = stackalloc byte[4];
            BinaryPrimitives.WriteUInt16BigEndian(value, channel);
            w.AddAttribute(StunAttributeType.ChannelNumber, value);
            w.AddXorAddress(StunAttributeType.XorPeerAddress, peer);
        });

    public Task<byte[]> RefreshAsync(uint lifetime) =>
        RequestAsync(StunMethod.Refresh, (ref StunWriter w) => AddLifetime(ref w, lifetime));

    public void SendIndication(IPEndPoint peer, ReadOnlySpan<byte> data)
    {
        var copy = data.ToArray();
        SendRaw(Build(StunClass.Indication, StunMethod.Send, StunTransactionId.NewRandom(), (ref StunWriter w) =>
        {
            w.AddXorAddress(StunAttributeType.XorPeerAddress, peer);
            w.AddAttribute(StunAttributeType.Data, copy);
        }, sign: false));
    }

    public void SendChannelData(ushort channel, ReadOnlySpan<byte> data)
    {
        var length = tcp ? (4 + data.Length + 3) & ~3 : 4 + data.Length;
        var message = new byte[length];
        BinaryPrimitives.WriteUInt16BigEndian(message, channel);
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(2), (ushort)data.Length);
        data.CopyTo(message.AsSpan(4));
        SendRaw(message);
    }

    /// <summary>The next message (queued or received) within <paramref name="timeout"/>; for TCP, one whole frame.</summary>
    public async Task<byte[]> ReceiveAsync(TimeSpan timeout)
    {
        if (unread.TryDequeue(out var queued))
        {
            return queued;
        }

        using var cts = new CancellationTokenSource(timeout > TimeSpan.Zero ? timeout : TimeSpan.FromMilliseconds(1));
        try
        {
            if (!tcp)
            {
                var buffer = new byte[70_000];
                var n = await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
                return buffer[..n];
            }

            while (true)
            {
                var frame = TurnTcpConnection.FrameLength(streamBuffer.AsSpan(0, streamFilled));
                Assert.True(frame >= 0, "the server sent bytes that are not a TURN frame");
                if (frame > 0 && frame <= streamFilled)
                {
                    var result = streamBuffer[..frame];
                    streamBuffer.AsSpan(frame, streamFilled - frame).CopyTo(streamBuffer);
                    streamFilled -= frame;
                    return result;
                }

                var n = await socket.ReceiveAsync(streamBuffer.AsMemory(streamFilled), SocketFlags.None, cts.Token);
                if (n == 0)
                {
                    throw new IOException("the server closed the connection");
                }

                streamFilled += n;
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"nothing from the TURN server within {timeout}");
        }
    }

    /// <summary>True when the server closes the TCP connection within <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitClosedAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                if (await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token) == 0)
                {
                    return true;
                }
            }
        }
        catch (SocketException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public void Dispose() => socket.Dispose();

    public static void AddRequestedTransport(ref StunWriter writer, byte protocol = 17) =>
        writer.AddAttribute(StunAttributeType.RequestedTransport, [protocol, 0, 0, 0]);

    public static void AddLifetime(ref StunWriter writer, uint seconds)
    {
        Span<byte> value = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(value, seconds);
        writer.AddAttribute(StunAttributeType.Lifetime, value);
    }

    public static int ErrorCode(byte[] response)
    {
        Assert.True(StunMessage.TryParse(response, out var parsed), "not a STUN message");
        if (parsed.Class == StunClass.SuccessResponse)
        {
            return 0;
        }

        Assert.True(parsed.TryGetErrorCode(out var code, out _), "an error response without ERROR-CODE");
        return code;
    }

    public static byte[]? Attribute(byte[] message, StunAttributeType type)
    {
        var attributes = new StunAttributeEnumerator(message.AsSpan(StunHeader.Length));
        while (attributes.MoveNext())
        {
            if (attributes.Type == type)
            {
                return attributes.Value.ToArray();
            }
        }

        return null;
    }

    /// <summary>An XOR-encoded address attribute of the message.</summary>
    public static IPEndPoint? XorAddress(byte[] message, StunAttributeType type)
    {
        var value = Attribute(message, type);
        return value is not null && StunAddress.TryRead(value, xor: true, message, out var endpoint) ? endpoint : null;
    }

    /// <summary>True when the response's MESSAGE-INTEGRITY is made with this client's long-term key.</summary>
    public bool VerifyIntegrity(byte[] response)
    {
        using var key = LongTermKey();
        return StunMessage.TryParse(response, out var parsed) && key.Verify(parsed);
    }

    public StunIntegrityKey LongTermKey()
    {
        var material = Encoding.UTF8.GetBytes($"{Username}:{Encoding.UTF8.GetString(Realm)}:{Password}");
#pragma warning disable CA5351 // RFC 8489 §9.2.2's long-term key is MD5 by definition.
        return new StunIntegrityKey(MD5.HashData(material));
#pragma warning restore CA5351
    }

    private byte[] Build(StunClass messageClass, StunMethod method, StunTransactionId id, WriteAttributes build, bool sign)
    {
        var buffer = new byte[8192];
        var writer = new StunWriter(buffer, messageClass, method, id);
        build(ref writer);
        if (sign && Nonce.Length > 0 && Username is not null)
        {
            writer.AddAttribute(StunAttributeType.Username, Encoding.UTF8.GetBytes(Username));
            writer.AddAttribute(StunAttributeType.Realm, Realm);
            writer.AddAttribute(StunAttributeType.Nonce, Nonce);
            using var key = LongTermKey();
            writer.AddMessageIntegrity(key);
        }

        writer.AddFingerprint();
        return writer.Written.ToArray();
    }

    /// <summary>The dance with this client's (possibly bad) credentials; returns the final error code (0 on success).</summary>
    public async Task<int> AllocateAsyncExpectingError()
    {
        var challenge = await RequestAsync(StunMethod.Allocate, (ref StunWriter w) => AddRequestedTransport(ref w), sign: false);
        TakeChallenge(challenge);
        return ErrorCode(await AllocateAsyncAgain());
    }

    /// <summary>An Allocate with the nonce already known (after an earlier refusal).</summary>
    public Task<byte[]> AllocateAsyncAgain() =>
        RequestAsync(StunMethod.Allocate, (ref StunWriter w) => AddRequestedTransport(ref w));
}
