namespace OpenLive.Cli;

/// <summary>
/// The exit codes of <c>openlive</c>; stable, documented in docs/cli.md, so scripts can branch on them.
/// </summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int UsageError = 2;
    public const int NotFound = 3;
    public const int Conflict = 4;
    public const int Unauthorized = 5;
    public const int Unreachable = 6;

    // load: a member could not log in, enter the room or publish (its error line says why).
    public const int LoadMemberFailed = 7;

    // usersig verify / inspect: one code per reason a ticket is refused (10 + UserSigStatus - 1).
    public const int SigMalformed = 10;
    public const int SigAppIdMismatch = 11;
    public const int SigIdentifierMismatch = 12;
    public const int SigBadSignature = 13;
    public const int SigExpired = 14;
    public const int SigUserBufMismatch = 15;
}
