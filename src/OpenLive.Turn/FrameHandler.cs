namespace OpenLive.Turn;

/// <summary>Handles one whole frame from a TCP client; false closes the connection.</summary>
internal delegate bool FrameHandler(TurnTcpConnection connection, ReadOnlySpan<byte> frame, Span<byte> response);
