using System.Text;
using OpenLive.Core.Errors;

namespace OpenLive.Cli.Output;

/// <summary>
/// Renders docs/errors.md from the catalog, so the document cannot drift from the code: a test compares the committed
/// file with this output. Regenerate with <c>dotnet run --project src/OpenLive.Cli -- errors --format markdown &gt; docs/errors.md</c>.
/// </summary>
internal static class ErrorsMarkdown
{
    public static string Render()
    {
        var md = new StringBuilder();
        md.Append("""
            # Error codes

            <!-- Generated from OpenLive.Core's ErrorCatalog by `openlive errors --format markdown`. Do not edit by hand:
                 a test fails when this file differs from the catalog. -->

            OpenLive speaks iLiveSDK's error model. Every failure reaches an app as **(module, code, text)** — in .NET a
            `LiveException` with `Module`, `Code`, `ConstantName` and `Text`; in the browser SDK an error object with the same
            fields. The codes, names and texts below are exactly those of iLiveSDK's published tables (English and Chinese);
            the last columns say how OpenLive produces each code, what to do about it, and which test under `tests/`
            produces it through the public SDK or protocol (or, for a code no shipped feature produces yet, why not).

            - Module strings are exact: `ILiveSDK`, `AVSDK`, `IMSDK`, `TLSSDK`. A code is meaningful only with its module
              (IMSDK 10010 is not AVSDK 10010).
            - Look a code up from a terminal: `openlive errors 8051`, `openlive errors ERR_EXPIRE`, `openlive errors --lang zh`.
            - Kick-out (8050) and ticket expiry (8051) arrive as pushed events (force-offline), not as a failed call.


            """);
        AppendTable(md, ErrorModule.ILiveSDK, "## ILiveSDK module (`ILiveSDK`)");
        AppendTable(md, ErrorModule.AVSDK, "## AVSDK module (`AVSDK`)");
        md.Append("""
            ## Other modules

            - `IMSDK`: IM failures that have no iLiveSDK or AVSDK code, numbered as Tencent's IM numbers its server errors
              (`ImErrors` in OpenLive.Core; `ImStoreFailureTests.FailingStore_IsAnImSdkError_AndLosesNothing`):

            | Code | Name | When | What to do |
            |---:|---|---|---|
            | 10002 | `ERR_SVR_GROUP_INTERNAL_ERROR` | the server's message store failed on a group call (send, history, mark read): down, disk full, a write lock held too long | retry (with the same client message id for a send: a failed send stored nothing); check the server's store if it repeats |
            | 20005 | `ERR_SVR_MSG_INTERNAL_ERROR1` | the same for a one-to-one call (send, history, mark read, inbox ack, unread counts) | as for 10002 |

            - `TLSSDK`: ticket failures that are not an expiry (8051), numbered as Tencent's TLS libraries number their checks
              (`LoginTests.TicketFailures_AreTlsSdkErrors`):

            | Code | Meaning | When |
            |---:|---|---|
            | 4 | userSig malformed | not TLS base64 / zlib (a preset dictionary included) / JSON, a string field that is not valid UTF-8, a field missing or of the wrong type, too long |
            | 8 | signature check failed | signed with another key, or altered |
            | 13 | identifier mismatch | the ticket is for another user id |
            | 14 | sdkAppId mismatch | the ticket is for another app |
            | 15 | userbuf mismatch | a privateMapKey where a plain userSig was expected, or the reverse |

            """);
        return md.ToString().Replace("\r\n", "\n", StringComparison.Ordinal);
    }

    private static void AppendTable(StringBuilder md, ErrorModule module, string heading)
    {
        md.Append(heading).Append("\n\n");
        md.Append("| Code | Constant | Description | 描述 | How it arises in OpenLive | What to do | Produced by (test) |\n");
        md.Append("|---:|---|---|---|---|---|---|\n");
        foreach (var entry in ErrorCatalog.All)
        {
            if (entry.Module != module)
            {
                continue;
            }

            var description = entry.Reason is { } reason
                ? $"{entry.Description.En} — {reason.En}"
                : entry.Description.En;
            var zh = entry.Reason is { } reasonZh
                ? $"{entry.Description.Zh}：{reasonZh.Zh}"
                : entry.Description.Zh;
            var producedBy = string.Join("<br>", ErrorCoverage.For(entry).Select(item => ErrorCoverage.IsTestName(item) ? $"`{item}`" : Cell(item)));
            md.Append(System.Globalization.CultureInfo.InvariantCulture, $"| {entry.Code} | `{entry.ConstantName}` | {Cell(description)} | {Cell(zh)} | {Cell(entry.Cause.En)} | {Cell(entry.Action.En)} | {producedBy} |\n");
        }

        md.Append('\n');
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);
}
