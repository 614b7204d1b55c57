using OpenLive.Protocol.V1;
using OpenLive.Server.Application.Sessions;

namespace OpenLive.Server.Application.Messaging;

/// <summary>
/// One session's delivery of its offline inbox, paced by the client's acknowledgements. Pushing a whole inbox at login
/// once overflowed the connection's 1,024-frame send queue, which disconnects the client — so any user could keep
/// another from logging in by sending it 1,100 messages while it was offline. Now at most <see cref="Window"/> inbox
/// messages are unacknowledged at a time: a page of <see cref="PageSize"/> more goes out when the client has
/// acknowledged its way to within one page of the newest delivered one. The SDKs acknowledge every message that
/// carries an inbox position (both already did), so the clients need no change.
/// </summary>
/// <remarks>
/// The delivery covers the inbox as it was at login (up to <c>head</c>); later messages are pushed live by the user
/// grain. Acknowledgements are held back to the delivered position while older messages still wait, so acknowledging
/// a live message cannot skip undelivered inbox entries at the next login. Calls come from the session's read loop,
/// one at a time; <see cref="Pushed"/> (live pushes) and <see cref="ExpectsAcknowledgement"/> may come from elsewhere.
/// </remarks>
internal sealed class InboxDelivery(MessagingService messaging)
{
    /// <summary>Inbox messages read and pushed at a time.</summary>
    public const int PageSize = 100;

    /// <summary>At most this many delivered inbox messages await their acknowledgement (well under the 1,024-frame send queue).</summary>
    public const int Window = 2 * PageSize;

    private readonly Lock _gate = new();
    private SessionLogin? _login;
    private ulong _head;      // the inbox's newest position at login: the delivery ends there
    private ulong _delivered; // the newest position pushed by this delivery
    private ulong _ackedInbox; // the newest delivered inbox position the client acknowledged
    private ulong _acked;      // the newest position the client acknowledged (live pushes included)
    private ulong _pushedLive; // the newest position of a live push
    private ulong _stored;     // the newest position handed out to be stored

    /// <summary>After a login: where the inbox stands, and its first pages.</summary>
    public IReadOnlyList<Message> Start(SessionLogin login)
    {
        lock (_gate)
        {
            _head = ulong.MaxValue; // until the position is known, no acknowledgement may be stored past the delivered one
        }

        var (cursor, head) = messaging.InboxPosition(login);
        lock (_gate)
        {
            _login = login;
            _head = head;
            _delivered = Math.Min(cursor, head);
            _ackedInbox = _delivered;
            _acked = Math.Max(_acked, _delivered);
            _stored = cursor;
        }

        return NextPage();
    }

    /// <summary>A live C2C push with an inbox position: its acknowledgement is expected too.</summary>
    public void Pushed(ulong inboxSeq)
    {
        lock (_gate)
        {
            _pushedLive = Math.Max(_pushedLive, inboxSeq);
        }
    }

    /// <summary>
    /// True when an acknowledgement of <paramref name="inboxSeq"/> is one the server asked for (it moves past what the
    /// client acknowledged, to a message the server pushed): the session does not charge it to the frame rate.
    /// </summary>
    public bool ExpectsAcknowledgement(ulong inboxSeq)
    {
        lock (_gate)
        {
            return inboxSeq <= _delivered ? inboxSeq > _ackedInbox : inboxSeq > _acked && inboxSeq <= _pushedLive;
        }
    }

    /// <summary>
    /// The client acknowledged <paramref name="inboxSeq"/>. Returns the position that may be stored: never past an
    /// inbox message this delivery has not pushed yet (0 when nothing new may be stored).
    /// </summary>
    public ulong Acknowledge(ulong inboxSeq)
    {
        lock (_gate)
        {
            var seq = Math.Min(inboxSeq, Math.Max(_delivered, _pushedLive));
            if (seq <= _delivered)
            {
                _ackedInbox = Math.Max(_ackedInbox, seq);
            }

            _acked = Math.Max(_acked, seq);
            var storable = _delivered < _head ? _ackedInbox : _acked;
            if (storable <= _stored)
            {
                return 0;
            }

            _stored = storable;
            return storable;
        }
    }

    /// <summary>The next page when the client has caught up far enough (empty when it has not, or when all is delivered).</summary>
    public IReadOnlyList<Message> NextPage()
    {
        SessionLogin login;
        ulong after, upTo;
        int room;
        lock (_gate)
        {
            var outstanding = _delivered - _ackedInbox;
            if (_login is null || _delivered >= _head || outstanding > Window - PageSize)
            {
                return [];
            }

            (login, after, upTo, room) = (_login, _delivered, _head, (int)(Window - outstanding));
        }

        var page = messaging.InboxPage(login, after, upTo, room);
        lock (_gate)
        {
            // Inbox positions are gap-free: a short page means the delivery reached the head.
            _delivered = page.Count < room ? _head : page[^1].InboxSeq;
        }

        return page;
    }
}
