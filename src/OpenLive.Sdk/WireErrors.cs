using OpenLive.Core.Errors;
using OpenLive.Protocol.V1;

namespace OpenLive.Sdk;

/// <summary>Turns wire errors back into <see cref="LiveException"/>s with the same module and code.</summary>
internal static class WireErrors
{
    public static LiveException ToException(Error error)
    {
        if (!ErrorModuleNames.TryParse(error.Module, out var module))
        {
            return new LiveException(ILiveErrorCode.ParseFail, $"the server reported an unknown module '{error.Module}' (code {error.Code}: {error.Message})");
        }

        // The detail is the server's own words (Error.detail), apart from the catalog's text. A code outside the tables
        // has no catalog text: the server's whole message stands in for it.
        var text = ErrorCatalog.TryGet(module, error.Code, out _) ? null : error.Message;
        return new LiveException(module, error.Code, text, error.Detail.Length > 0 ? error.Detail : null);
    }
}
