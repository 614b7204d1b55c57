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

        // The server's message already carries "MODULE CODE NAME: text"; keep it as the detail so nothing is lost.
        return new LiveException(module, error.Code, null, error.Message);
    }
}
