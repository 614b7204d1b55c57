namespace OpenLive.Rtc.Ice;

/// <summary>An <see cref="IceAgent"/> changed state, or (while connected) its selected pair.</summary>
public sealed class IceStateChangedEventArgs(IceConnectionState state, IceSelectedPair? selectedPair) : EventArgs
{
    /// <summary>The new state.</summary>
    public IceConnectionState State { get; } = state;

    /// <summary>The selected pair at the time of the change; null until one is selected.</summary>
    public IceSelectedPair? SelectedPair { get; } = selectedPair;
}
