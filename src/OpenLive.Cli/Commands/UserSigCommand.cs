using System.CommandLine;
using OpenLive.Cli.Output;
using OpenLive.Core.Auth;

namespace OpenLive.Cli.Commands;

/// <summary><c>openlive usersig gen|verify|inspect</c>: TLS-Sig v2 tickets, compatible with Tencent's tls-sig-api-v2.</summary>
internal static class UserSigCommand
{
    public static Command Create()
    {
        var command = new Command("usersig", "Generate, verify and inspect TLS-Sig v2 userSigs and privateMapKeys (compatible with Tencent's tls-sig-api-v2).");
        command.Add(CreateGen());
        command.Add(CreateVerify());
        command.Add(CreateInspect());
        return command;
    }

    private static Command CreateGen()
    {
        var credentials = new AppCredentialOptions();
        var user = new Option<string>("--user", "-u") { Description = "The user id (identifier) the ticket is for.", Required = true };
        var expire = new Option<long>("--expire", "-e")
        {
            Description = "Lifetime in seconds (default 180 days, as Tencent's libraries).",
            DefaultValueFactory = _ => UserSigLimits.DefaultExpireSeconds,
        };
        var room = new Option<string?>("--room") { Description = "Issue a privateMapKey for this room (digits: numeric room id; otherwise a string room id)." };
        var stringRoom = new Option<bool>("--string-room") { Description = "Treat --room as a string room id even when it is all digits." };
        var privileges = new Option<string?>("--privileges", "-p") { Description = "privateMapKey permission bits: 255, 0xAA, all, audience, cohost, or names like JoinRoom,ReceiveAudio." };

        var command = new Command("gen", "Print a userSig (or, with --room and --privileges, a privateMapKey).") { user, expire, room, stringRoom, privileges };
        credentials.AddTo(command);
        command.SetAction(parse =>
        {
            var generator = new UserSigGenerator(credentials.GetAppId(parse), credentials.GetKey(parse));
            var userId = parse.GetValue(user)!;
            var lifetime = parse.GetValue(expire);
            if (lifetime is <= 0 or > int.MaxValue)
            {
                throw new CliUsageException($"--expire must be between 1 and {int.MaxValue} seconds, not {lifetime}.");
            }

            if (string.IsNullOrEmpty(userId) || System.Text.Encoding.UTF8.GetByteCount(userId) > UserSigLimits.MaxIdentifierBytes)
            {
                throw new CliUsageException($"--user must be 1 to {UserSigLimits.MaxIdentifierBytes} UTF-8 bytes.");
            }

            var roomText = parse.GetValue(room);
            var bitsText = parse.GetValue(privileges);
            string sig;
            if (roomText is null && bitsText is null)
            {
                sig = generator.GenUserSig(userId, lifetime);
            }
            else if (roomText is null || bitsText is null)
            {
                throw new CliUsageException("a privateMapKey needs both --room and --privileges.");
            }
            else
            {
                var bits = RoomArgument.ParsePrivileges(bitsText);
                var (numeric, text) = RoomArgument.Parse(roomText, parse.GetValue(stringRoom));
                if (text is not null && System.Text.Encoding.UTF8.GetByteCount(text) > UserSigLimits.MaxRoomStringBytes)
                {
                    throw new CliUsageException($"a string room id is at most {UserSigLimits.MaxRoomStringBytes} UTF-8 bytes.");
                }

                sig = text is null
                    ? generator.GenPrivateMapKey(userId, lifetime, numeric, bits)
                    : generator.GenPrivateMapKey(userId, lifetime, text, bits);
            }

            parse.InvocationConfiguration.Output.WriteLine(sig);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateVerify()
    {
        var credentials = new AppCredentialOptions();
        var user = new Option<string>("--user", "-u") { Description = "The user id the ticket must be for.", Required = true };
        var sig = new Option<string>("--sig", "-s") { Description = "The userSig (or privateMapKey) to check.", Required = true };
        var room = new Option<string?>("--room") { Description = "Check it as a privateMapKey for this room." };
        var stringRoom = new Option<bool>("--string-room") { Description = "Treat --room as a string room id even when it is all digits." };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON." };

        var command = new Command("verify", "Check a userSig: exit 0 when valid; otherwise a reason and exit code 10-15 (malformed, wrong app, wrong user, bad signature, expired, userbuf mismatch).")
        {
            user, sig, room, stringRoom, json,
        };
        credentials.AddTo(command);
        command.SetAction(parse =>
        {
            var verifier = new UserSigVerifier(credentials.GetAppId(parse), credentials.GetKey(parse));
            var userId = parse.GetValue(user)!;
            var ticket = parse.GetValue(sig)!;
            var roomText = parse.GetValue(room);
            UserSigVerification result;
            if (roomText is null)
            {
                result = verifier.VerifyAnyUserBuf(userId, ticket);
            }
            else
            {
                var (numeric, text) = RoomArgument.Parse(roomText, parse.GetValue(stringRoom));
                result = text is null
                    ? verifier.VerifyPrivateMapKey(userId, ticket, numeric)
                    : verifier.VerifyPrivateMapKey(userId, ticket, text);
            }

            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json))
            {
                TicketJson.WriteVerification(output, result);
            }
            else if (result.IsValid)
            {
                output.WriteLine($"valid: {result.Detail}");
                TicketText.WriteSummary(output, result.Ticket!, result.PrivateMapKey);
            }
            else
            {
                parse.InvocationConfiguration.Error.WriteLine($"invalid ({StatusName(result.Status)}): {result.Detail}");
            }

            return ExitCode(result.Status);
        });
        return command;
    }

    private static Command CreateInspect()
    {
        var sig = new Argument<string>("sig") { Description = "The userSig or privateMapKey to decode." };
        var command = new Command("inspect", "Decode a userSig without a key and print its fields as JSON (decoding proves nothing about authenticity).") { sig };
        command.SetAction(parse =>
        {
            if (!UserSigDecoder.TryDecode(parse.GetValue(sig), out var ticket, out var error))
            {
                parse.InvocationConfiguration.Error.WriteLine($"invalid (malformed): {error}");
                return ExitCodes.SigMalformed;
            }

            TicketJson.WriteTicket(parse.InvocationConfiguration.Output, ticket, TimeProvider.System.GetUtcNow().ToUnixTimeSeconds());
            return ExitCodes.Success;
        });
        return command;
    }

    internal static string StatusName(UserSigStatus status) => status switch
    {
        UserSigStatus.Valid => "valid",
        UserSigStatus.Malformed => "malformed",
        UserSigStatus.AppIdMismatch => "wrong app",
        UserSigStatus.IdentifierMismatch => "wrong user",
        UserSigStatus.BadSignature => "bad signature",
        UserSigStatus.Expired => "expired",
        UserSigStatus.UserBufMismatch => "userbuf mismatch",
        _ => status.ToString(),
    };

    internal static int ExitCode(UserSigStatus status) => status switch
    {
        UserSigStatus.Valid => ExitCodes.Success,
        UserSigStatus.Malformed => ExitCodes.SigMalformed,
        UserSigStatus.AppIdMismatch => ExitCodes.SigAppIdMismatch,
        UserSigStatus.IdentifierMismatch => ExitCodes.SigIdentifierMismatch,
        UserSigStatus.BadSignature => ExitCodes.SigBadSignature,
        UserSigStatus.Expired => ExitCodes.SigExpired,
        UserSigStatus.UserBufMismatch => ExitCodes.SigUserBufMismatch,
        _ => ExitCodes.Failure,
    };
}
