using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using OpenLive.Server.Hosting;

namespace OpenLive.Server.Edges.Admin;

/// <summary>
/// The admin API's bearer key: <c>OpenLive:AdminKey</c> when configured, otherwise generated once into
/// <c>{data}/admin-key</c> (owner-only permissions) so tools on the same machine can read it.
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
            Value = File.ReadAllText(FilePath).Trim();
        }
        else
        {
            Value = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
            Directory.CreateDirectory(options.Value.DataDirectory);
            File.WriteAllText(FilePath, Value + "\n");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(FilePath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
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
