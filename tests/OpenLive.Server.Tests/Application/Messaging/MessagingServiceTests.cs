using OpenLive.Core.Errors;
using OpenLive.Protocol.V1;
using OpenLive.Server.Application.LiveShow;
using OpenLive.Server.Application.Messaging;
using OpenLive.Server.Application.Rooms;
using OpenLive.Server.Grains;
using OpenLive.Testing;

namespace OpenLive.Server.Tests.Application.Messaging;

/// <summary>C2C and room messages through <see cref="MessagingService"/>: stored, then delivered through the grains.</summary>
public sealed class MessagingServiceTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private readonly ServiceHarness _app = new(shared.Server);

    private MessagingService Messaging => _app.Get<MessagingService>();

    private RoomEntryService Rooms => _app.Get<RoomEntryService>();

    private static SendMessage Text(Conversation to, string text) =>
        new() { To = to, Elements = { new MessageElement { Text = new TextElement { Text = text } } } };

    private static EntryOptions Entry => new(null, 0, null, new MediaFlags(false, false, false, false));

    [Fact]
    public async Task C2CMessage_IsStored_PushedToTheReceiver_AndUnreadUntilMarkedRead()
    {
        var sender = await _app.LoggedInAsync("ms_sender");
        var receiver = await _app.LoggedInAsync("ms_receiver");

        var sent = await Messaging.SendAsync(sender.State, Text(new Conversation { UserId = "ms_receiver" }, "hello"));

        Assert.True(sent.Seq > 0);
        Assert.False(sent.Duplicate);
        var pushed = await receiver.NextAsync<ServerFrame>(f => f.Message is not null);
        Assert.Equal((sent.MessageId, "ms_sender"), (pushed.Message.MessageId, pushed.Message.Conversation.UserId));
        var fromSender = new Conversation { UserId = "ms_sender" };
        Assert.Equal([sent.MessageId], (await Messaging.HistoryAsync(receiver.State, fromSender, 0, 0)).Select(m => m.MessageId));
        Assert.Equal(1ul, Messaging.Unread(receiver.State).Single(u => u.Conversation.UserId == "ms_sender").Unread);

        Messaging.MarkRead(receiver.State, fromSender, sent.Seq);

        Assert.DoesNotContain(Messaging.Unread(receiver.State), u => u.Conversation.UserId == "ms_sender" && u.Unread > 0);
    }

    [Fact]
    public async Task GroupMessage_NeedsTheRoom_AndReachesTheOtherMembersOnly()
    {
        var owner = await _app.LoggedInAsync("ms_owner");
        var guest = await _app.LoggedInAsync("ms_guest");
        var room = await Rooms.EnterAsync(owner.State, new RoomId { Number = 9901 }, Entry, creating: true);
        var group = new Conversation { GroupId = room.Name.GroupId };

        var outside = await Assert.ThrowsAsync<LiveException>(() => Messaging.SendAsync(guest.State, Text(group, "let me in")));
        Assert.Equal((int)AVErrorCode.ServerIdNotInRoom, outside.Code);

        await Rooms.EnterAsync(guest.State, new RoomId { Number = 9901 }, Entry, creating: false);
        var sent = await Messaging.SendAsync(guest.State, Text(group, "hi all"));

        var pushed = await owner.NextAsync<ServerFrame>(f => f.Message is not null);
        Assert.Equal((sent.MessageId, room.Name.GroupId), (pushed.Message.MessageId, pushed.Message.Conversation.GroupId));
        await Rooms.DismissAsync(owner.State);
    }

    [Fact]
    public async Task MutedMember_CannotSendToTheRoom_With10003_AndNothingIsStored()
    {
        var owner = await _app.LoggedInAsync("ms_mute_owner");
        var guest = await _app.LoggedInAsync("ms_mute_guest");
        var room = await Rooms.EnterAsync(owner.State, new RoomId { Number = 9902 }, Entry, creating: true);
        await Rooms.EnterAsync(guest.State, new RoomId { Number = 9902 }, Entry, creating: false);
        await _app.Get<LiveShowService>().MuteMemberAsync(owner.State, "ms_mute_guest", 60);
        var group = new Conversation { GroupId = room.Name.GroupId };

        var e = await Assert.ThrowsAsync<LiveException>(() => Messaging.SendAsync(guest.State, Text(group, "can you hear me")));

        Assert.Equal((ErrorModule.AVSDK, (int)AVErrorCode.ServerNoPermission), (e.ErrorModule, e.Code));
        Assert.Empty(await Messaging.HistoryAsync(owner.State, group, 0, 0));
        await Rooms.DismissAsync(owner.State);
    }

    [Fact]
    public async Task AMessageWithoutContent_IsRefused_With8021()
    {
        var sender = await _app.LoggedInAsync("ms_empty");

        var e = await Assert.ThrowsAsync<LiveException>(() => Messaging.SendAsync(sender.State, new SendMessage { To = new Conversation { UserId = "ms_receiver" } }));

        Assert.Equal((int)ILiveErrorCode.InvalidParam, e.Code);
    }
}
