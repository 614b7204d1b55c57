using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace OpenLive.Rtc.Srtp;

/// <summary>
/// AES in counter mode as SRTP defines it (RFC 3711 §4.1.1): keystream block j is AES(k, IV + j), with the
/// block counter j in the low 16 bits of the 128-bit IV, and the keystream is XORed into the data.
/// </summary>
/// <remarks>
/// The BCL has no CTR mode, so counter blocks are encrypted with AES-ECB. <c>Aes.EncryptEcb</c> builds a fresh
/// native cipher context per call (measured: 64 bytes allocated and ~5x slower per 1,216-byte call), so one
/// ECB <see cref="ICryptoTransform"/> is created per key and fed reused arrays through <c>TransformBlock</c>,
/// which allocates nothing. Not thread-safe: the arrays are per instance.
/// </remarks>
internal sealed class AesCounterMode : IDisposable
{
    /// <summary>AES block size in bytes.</summary>
    public const int BlockSize = 16;

    /// <summary>The 16-bit block counter bounds one call's data: 2^16 blocks (RFC 3711 §4.1.1).</summary>
    public const int MaxDataLength = 65536 * BlockSize;

    // 128 blocks (2 KiB) per TransformBlock call: a full-MTU packet is one native call.
    private const int ChunkBlocks = 128;

    private readonly Aes _aes;
    private readonly ICryptoTransform _ecb;
    private readonly byte[] _counterBlocks = new byte[ChunkBlocks * BlockSize];
    private readonly byte[] _keystream = new byte[ChunkBlocks * BlockSize];

    public AesCounterMode(ReadOnlySpan<byte> key)
    {
        _aes = Aes.Create();
        var keyCopy = key.ToArray();
        try
        {
            _aes.Key = keyCopy;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keyCopy);
        }

        _aes.Mode = CipherMode.ECB;
        _aes.Padding = PaddingMode.None;
        _ecb = _aes.CreateEncryptor();
    }

    /// <summary>
    /// XORs <paramref name="data"/> in place with the keystream that starts at counter block <paramref name="iv"/>
    /// (16 bytes). Encryption and decryption are the same operation.
    /// </summary>
    public void Transform(ReadOnlySpan<byte> iv, Span<byte> data)
    {
        System.Diagnostics.Debug.Assert(iv.Length == BlockSize, "an AES-CM IV is one block");
        System.Diagnostics.Debug.Assert(data.Length <= MaxDataLength, "the block counter is 16 bits");
        var counter = BinaryPrimitives.ReadUInt16BigEndian(iv[14..]);
        var offset = 0;
        while (offset < data.Length)
        {
            var chunk = Math.Min(data.Length - offset, _keystream.Length);
            var blocks = (chunk + BlockSize - 1) / BlockSize;
            var counterBlocks = _counterBlocks.AsSpan(0, blocks * BlockSize);
            for (var block = 0; block < counterBlocks.Length; block += BlockSize)
            {
                var counterBlock = counterBlocks.Slice(block, BlockSize);
                iv.CopyTo(counterBlock);
                BinaryPrimitives.WriteUInt16BigEndian(counterBlock[14..], counter++);
            }

            _ecb.TransformBlock(_counterBlocks, 0, counterBlocks.Length, _keystream, 0);
            Xor(data.Slice(offset, chunk), _keystream.AsSpan(0, chunk));
            offset += chunk;
        }
    }

    public void Dispose()
    {
        _ecb.Dispose();
        _aes.Dispose();
        CryptographicOperations.ZeroMemory(_keystream);
    }

    /// <summary><paramref name="data"/> ^= <paramref name="keystream"/>, a vector at a time.</summary>
    private static void Xor(Span<byte> data, ReadOnlySpan<byte> keystream)
    {
        var done = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var dataVectors = MemoryMarshal.Cast<byte, Vector<byte>>(data);
            var keyVectors = MemoryMarshal.Cast<byte, Vector<byte>>(keystream);
            for (var i = 0; i < dataVectors.Length; i++)
            {
                dataVectors[i] ^= keyVectors[i];
            }

            done = dataVectors.Length * Vector<byte>.Count;
        }

        for (var i = done; i < data.Length; i++)
        {
            data[i] ^= keystream[i];
        }
    }
}
