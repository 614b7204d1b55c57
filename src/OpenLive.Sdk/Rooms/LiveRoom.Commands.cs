using OpenLive.Core.Rooms;

namespace OpenLive.Sdk.Rooms;

/// <summary>
/// Custom commands in the room (iLiveSDK's <c>sendGroupCustomCmd</c>): an app's own signals — a gift, a raised hand —
/// as an iLive live command (<c>{"userAction":cmd,"actionParam":param}</c>) to the room's connected members, never stored.
/// </summary>
public sealed partial class LiveRoom
{
    /// <summary>A member sent a custom command to the room (also in <see cref="MessageReceived"/>, as every group message is).</summary>
    public event EventHandler<CommandReceivedEventArgs>? CommandReceived;

    /// <summary>
    /// Sends a custom command to the room's connected members (online only: not history). The co-host commands the
    /// server originates (0x703, 0x704, 0x706, 0x707) are refused with 10003.
    /// </summary>
    /// <exception cref="Core.Errors.LiveException">8021 a parameter over the message size; 10003 a server's command; 1201 not in the room.</exception>
    public async Task SendCommandAsync(int userAction, string? actionParam = null, CancellationToken cancellationToken = default)
    {
        EnsureEntered();
        _ = await _client.SendOnlineGroupMessageAsync(Im.LiveMessage.Command(userAction, actionParam), cancellationToken).ConfigureAwait(false);
    }

    private void RaiseCommand(Im.ReceivedMessage message)
    {
        if (message.Command is { } command)
        {
            _client.RaiseFor(CommandReceived, this, new CommandReceivedEventArgs(message.Sender, command));
        }
    }
}

/// <summary>A custom command from a member of the room.</summary>
/// <param name="sender">Who sent it.</param>
/// <param name="command">The command and its parameter.</param>
public sealed class CommandReceivedEventArgs(string sender, LiveCommand command) : EventArgs
{
    /// <summary>Who sent it.</summary>
    public string Sender { get; } = sender;

    /// <summary>The command and its parameter.</summary>
    public LiveCommand Command { get; } = command;
}
