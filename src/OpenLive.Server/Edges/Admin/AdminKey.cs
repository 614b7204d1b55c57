using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using OpenLive.Server.Apps;
using OpenLive.Server.Hosting;
using OpenLive.Server.Storage;

namespace OpenLive.Server.Edges.Admin;

/// <summary>
/// The admin API's bearer key: <c>OpenLive:AdminKey</c> when configured, otherwise generated once into
/// <c>{data}/admin-key</c> (created owner-only) so tools of the same user can read it. It guards <c>/admin/v1</c>
/// and <c>/metrics</c>.
/// </summary>
internal sealed class AdminKey
{
    public const string FileName = "admin-key";

    private readonly byte[] _key;

    public AdminKey(IOptions<ServerOptions> options)
    {
        var configured = options.Value.AdminKey;
        FilePath = Path.Combine(options.Value.DataDirectory, FileName);
        if (!string.IsNullOrEmpty(configured))
        {
            Value = configured;
            IsConfigured = true;
        }
        else if (File.Exists(FilePath))
        {
            PrivateFiles.EnsureDirectory(options.Value.DataDirectory);
            PrivateFiles.NarrowIfExists(FilePath);
            Value = File.ReadAllText(FilePath).Trim();
            if (!KeyStrength.IsStrong(Value))
            {
                // Edited by hand: refuse to start rather than guard the API with a guessable key.
                throw new OptionsValidationException(ServerOptions.Section, typeof(ServerOptions),
                    [$"The admin key in {FilePath} is too weak: it needs {KeyStrength.Requirement}. Delete the file to have one generated."]);
            }
        }
        else
        {
            Value = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
            PrivateFiles.EnsureDirectory(options.Value.DataDirectory);
            PrivateFiles.WriteAllText(FilePath, Value + "\n");
        }

        _key = Encoding.UTF8.GetBytes(Value);
    }

    public string Value { get; }

    public string FilePath { get; }

    /// <summary>True when the key came from configuration rather than the key file.</summary>
    public bool IsConfigured { get; }

    /// <summary>Checks an <c>Authorization</c> header value (<c>Bearer KEY</c>) in constant time.</summary>
    public bool Accepts(string? authorization)
    {
        const string Scheme = "Bearer ";
        if (authorization is null || !authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var presented = Encoding.UTF8.GetBytes(authorization[Scheme.Length..].Trim());
        return CryptographicOperations.FixedTimeEquals(presented, _key);
    }
}
