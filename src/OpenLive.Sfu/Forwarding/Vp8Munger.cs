using OpenLive.Rtc.Rtp.Codecs;

namespace OpenLive.Sfu.Forwarding;

/// <summary>What <see cref="Vp8Munger.Decide"/> says about one packet.</summary>
internal enum Vp8Decision
{
    /// <summary>Forward it with the <see cref="Vp8Rewrite"/> given.</summary>
    Forward,

    /// <summary>Its picture is in a temporal layer above what the subscriber gets: drop it and close its sequence number.</summary>
    DropTemporal,

    /// <summary>It cannot be placed (older than the current run, or than what is remembered): drop it, its number stays a gap.</summary>
    DropUnplaceable,
}

/// <summary>
/// Per forwarded VP8 track: keeps the subscriber's picture ids, TL0PICIDX and KEYIDX continuous while the SFU switches
/// simulcast layers (each layer numbers its pictures on its own) and drops pictures of temporal layers above the
/// subscriber's target, and decides which pictures those are.
/// </summary>
/// <remarks>
/// <para>
/// A run is the time one layer is forwarded. It starts at that layer's keyframe with offsets that make its first
/// picture follow the last one forwarded (picture id + 1, TL0PICIDX + 1, KEYIDX + 1); inside a run outgoing = incoming
/// + offset, so pictures lost on the publisher's path stay missing for the subscriber's reference finder instead of
/// being hidden. Each picture dropped on purpose lowers the picture id offset by one for the pictures after it; TL0
/// pictures are never dropped, so TL0PICIDX only moves at switches. Decisions are per picture and remembered (128
/// pictures back, keyed by the unwrapped picture id), so every packet of a picture — late or reordered ones too —
/// gets the same verdict and the same numbers even if the target changes in between.
/// </para>
/// <para>
/// Temporal layers: going down is immediate (the next picture above the target is dropped: no lower layer refers to a
/// higher one). Going up one layer waits for a picture of that layer with the Y bit (RFC 7741 §4.2: it depends only on
/// the base layer), or for a keyframe, which lets everything up to the target through. A plain TL0 picture is not taken
/// as a switch point: the next TL1/TL2 pictures may still refer to TL1/TL2 pictures the subscriber never got (libvpx's
/// golden/altref buffers), which decodes without an error but wrongly. One layer at a time, for the same reason: a TL2
/// sync picture depends only on TL0, but the TL1 pictures after it may depend on TL1 pictures that were dropped.
/// </para>
/// <para>
/// A stream without picture ids (I bit clear) gives nothing to key pictures on: its packets are forwarded, TL0PICIDX and
/// KEYIDX still made continuous, and no temporal layer is dropped. Media thread only; allocates only at construction.
/// </para>
/// </remarks>
internal sealed class Vp8Munger
{
    /// <summary>The highest temporal layer index the descriptor's 2-bit TID can carry: "forward every layer".</summary>
    public const int AllTemporalLayers = 3;

    private const int Pictures = 128;
    private const int SentMemory = 1024;

    private const byte Unknown = 0;
    private const byte Missing = 1; // Skipped over by a newer picture; not seen yet.
    private const byte Forwarded = 2;
    private const byte Dropped = 3;

    private readonly int[] _pictureExtended = new int[Pictures];
    private readonly ushort[] _pictureOutgoing = new ushort[Pictures];
    private readonly byte[] _pictureState = new byte[Pictures];
    private readonly byte[] _pictureLayerCap = new byte[Pictures]; // For a missing picture: the highest TID it may have to go late.

    private readonly ushort[] _sentSequence = new ushort[SentMemory];
    private readonly Vp8Rewrite[] _sentRewrite = new Vp8Rewrite[SentMemory];
    private readonly bool[] _sentValid = new bool[SentMemory];

    private bool _started;
    private int _runFirstPicture;
    private int _highestPicture;
    private int _pictureOffset;
    private byte _tl0Offset;
    private int _keyIndexOffset;
    private ushort _lastPictureId;
    private byte _lastTl0PicIdx;
    private int _lastKeyIndex;
    private ushort _highestSequence;
    private int _highestSequencePicture;
    private bool _highestSequenceDropped;

    /// <summary>The temporal layer pictures are forwarded up to now (it follows the target down at once, up at sync points).</summary>
    public int CurrentTemporalLayer { get; private set; } = AllTemporalLayers;

    /// <summary>
    /// Decides one packet of the layer being forwarded (or of the layer a switch starts at, <paramref name="newRun"/>:
    /// its keyframe) and gives the values its descriptor gets. <paramref name="closesGap"/> says, for a dropped packet, that
    /// the packets missing just before it belong to the same dropped picture (so their numbers can be closed too).
    /// </summary>
    public Vp8Decision Decide(bool newRun, ushort sequence, in Vp8Descriptor descriptor, int targetTemporalLayer,
        out Vp8Rewrite rewrite, out bool closesGap)
    {
        rewrite = default;
        closesGap = false;
        var target = Math.Clamp(targetTemporalLayer, 0, AllTemporalLayers);
        if (newRun)
        {
            StartRun(descriptor, sequence, target);
        }

        if (!descriptor.HasPictureId)
        {
            rewrite = Rewrite(descriptor, 0, newest: true);
            return Vp8Decision.Forward;
        }

        var picture = Unwrap(descriptor.PictureId, descriptor.PictureIdWidth);
        if (picture < _runFirstPicture)
        {
            return Vp8Decision.DropUnplaceable;
        }

        var slot = picture & (Pictures - 1);
        if (picture > _highestPicture)
        {
            if (picture - _highestPicture >= Pictures)
            {
                Array.Clear(_pictureState); // A jump past everything remembered: nothing older can be placed any more.
            }
            else
            {
                for (var missing = _highestPicture + 1; missing < picture; missing++)
                {
                    Remember(missing, Missing);
                    _pictureLayerCap[missing & (Pictures - 1)] = (byte)Math.Min(CurrentTemporalLayer, target);
                }
            }

            _highestPicture = picture;
            var forward = AdmitNewest(descriptor, target);
            Remember(picture, forward ? Forwarded : Dropped);
            if (!forward)
            {
                _pictureOffset--; // The pictures after it close up.
            }
        }
        else if (_pictureExtended[slot] != picture || _pictureState[slot] == Unknown || _highestPicture - picture >= Pictures)
        {
            return Vp8Decision.DropUnplaceable;
        }
        else if (_pictureState[slot] == Missing)
        {
            // A late picture whose neighbours were already decided: its number is fixed (it was left free), and it goes
            // only if its layer was being forwarded at its time and still is — a layer reached later, at a sync
            // picture after it, does not make it decodable.
            var layer = TemporalLayerOf(descriptor);
            _pictureState[slot] = layer <= _pictureLayerCap[slot] && layer <= target ? Forwarded : Dropped;
        }

        var dropped = _pictureState[slot] == Dropped;
        if ((short)(ushort)(sequence - _highestSequence) > 0)
        {
            closesGap = dropped && _highestSequenceDropped && _highestSequencePicture == picture;
            _highestSequence = sequence;
            _highestSequencePicture = picture;
            _highestSequenceDropped = dropped;
        }

        if (dropped)
        {
            return Vp8Decision.DropTemporal;
        }

        var newest = picture == _highestPicture;
        rewrite = Rewrite(descriptor, _pictureOutgoing[slot], newest);
        if (newest)
        {
            _lastPictureId = _pictureOutgoing[slot];
        }

        return Vp8Decision.Forward;
    }

    /// <summary>Remembers what the packet sent as <paramref name="outgoingSequence"/> carried, for its RTX resend.</summary>
    public void Remember(ushort outgoingSequence, in Vp8Rewrite rewrite)
    {
        var slot = outgoingSequence % SentMemory;
        _sentSequence[slot] = outgoingSequence;
        _sentRewrite[slot] = rewrite;
        _sentValid[slot] = true;
    }

    /// <summary>What the packet sent as <paramref name="outgoingSequence"/> carried, if still remembered.</summary>
    public bool TryGetSent(ushort outgoingSequence, out Vp8Rewrite rewrite)
    {
        var slot = outgoingSequence % SentMemory;
        var found = _sentValid[slot] && _sentSequence[slot] == outgoingSequence;
        rewrite = found ? _sentRewrite[slot] : default;
        return found;
    }

    private static int TemporalLayerOf(in Vp8Descriptor descriptor) => descriptor.HasTemporalLayer ? descriptor.TemporalLayer : 0;

    /// <summary>The temporal-layer verdict on a picture newer than every other: see the class remarks.</summary>
    private bool AdmitNewest(in Vp8Descriptor descriptor, int target)
    {
        if (descriptor.IsKeyframe)
        {
            // Nothing before a keyframe is referred to: every layer up to the target decodes from here, and the
            // keyframe itself (TID 0 from every encoder, and decodable alone whatever its TID) always goes.
            CurrentTemporalLayer = target;
            return true;
        }

        if (CurrentTemporalLayer > target)
        {
            CurrentTemporalLayer = target;
        }

        var layer = TemporalLayerOf(descriptor);
        if (layer <= CurrentTemporalLayer)
        {
            return true;
        }

        if (layer == CurrentTemporalLayer + 1 && layer <= target && descriptor.IsLayerSync)
        {
            CurrentTemporalLayer = layer;
            return true;
        }

        return false;
    }

    private void StartRun(in Vp8Descriptor descriptor, ushort sequence, int target)
    {
        Array.Clear(_pictureState);
        var picture = descriptor.HasPictureId ? descriptor.PictureId : 0;
        _pictureOffset = _started ? _lastPictureId + 1 - picture : 0;
        _tl0Offset = _started ? (byte)(_lastTl0PicIdx + 1 - descriptor.Tl0PicIdx) : (byte)0;
        _keyIndexOffset = _started ? _lastKeyIndex + 1 - descriptor.KeyIndex : 0;
        _runFirstPicture = picture;
        _highestPicture = picture - 1;
        _highestSequence = (ushort)(sequence - 1);
        _highestSequenceDropped = false;
        CurrentTemporalLayer = target;
        _started = true;
    }

    /// <summary>The picture id extended past its 7- or 15-bit wrap, relative to the newest picture of the run.</summary>
    private int Unwrap(int pictureId, int width)
    {
        var modulus = 1 << width;
        var delta = (pictureId - _highestPicture) & (modulus - 1);
        if (delta >= modulus / 2)
        {
            delta -= modulus;
        }

        return _highestPicture + delta;
    }

    private void Remember(int picture, byte state)
    {
        var slot = picture & (Pictures - 1);
        _pictureExtended[slot] = picture;
        _pictureOutgoing[slot] = (ushort)((picture + _pictureOffset) & 0x7FFF);
        _pictureState[slot] = state;
    }

    /// <summary>The values for a forwarded packet; the newest picture's are what the next run continues from.</summary>
    private Vp8Rewrite Rewrite(in Vp8Descriptor descriptor, int pictureId, bool newest)
    {
        var tl0 = (byte)(descriptor.Tl0PicIdx + _tl0Offset);
        var keyIndex = (descriptor.KeyIndex + _keyIndexOffset) & 0x1F;
        if (newest && descriptor.HasTl0PicIdx)
        {
            _lastTl0PicIdx = tl0;
        }

        if (newest && descriptor.HasKeyIndex)
        {
            _lastKeyIndex = keyIndex;
        }

        return new Vp8Rewrite(descriptor, pictureId, tl0, keyIndex);
    }
}
