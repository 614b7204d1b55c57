namespace OpenLive.Core.Auth;

/// <summary>The result of <see cref="UserSigVerifier"/>: a status, why, and the decoded fields when they could be read.</summary>
public sealed class UserSigVerification
{
    internal UserSigVerification(UserSigStatus status, string? detail, UserSigTicket? ticket, PrivateMapKey? privateMapKey = null)
    {
        Status = status;
        Detail = detail ?? (status == UserSigStatus.Valid ? "the userSig is valid" : status.ToString());
        Ticket = ticket;
        PrivateMapKey = privateMapKey;
    }

    /// <summary>The outcome.</summary>
    public UserSigStatus Status { get; }

    /// <summary>True when <see cref="Status"/> is <see cref="UserSigStatus.Valid"/>.</summary>
    public bool IsValid => Status == UserSigStatus.Valid;

    /// <summary>A sentence saying what was checked or what is wrong, for logs and people.</summary>
    public string Detail { get; }

    /// <summary>The decoded fields; <see langword="null"/> when the ticket is malformed.</summary>
    public UserSigTicket? Ticket { get; }

    /// <summary>The privateMapKey, for a valid <see cref="UserSigVerifier.VerifyPrivateMapKey(string, string, uint)"/>.</summary>
    public PrivateMapKey? PrivateMapKey { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Status}: {Detail}";
}
