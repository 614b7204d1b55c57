namespace OpenLive.Core.Tests.Auth;

/// <summary>
/// The fixed-time vectors of shared/reference/ilivesdk.md §4.1, computed with Tencent's unmodified Python and Node
/// libraries with the clock pinned to 1600000000.
/// </summary>
internal static class TlsSigVectors
{
    public const uint AppId = 1400000000;
    public const string Key = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e";
    public const string User = "xiaojun";
    public const long Time = 1600000000;
    public const long Expire = 15552000;
    public const string Mac = "1Z5PngDjGaufeSiPoBuxdHY7EK3JTdAjMP93S4KvV3M=";

    public const string PythonUserSig = "eJyrVgrxCdYrSy1SslJQMtIzUNJRAItkpqTmlWSmZUIkKjIT87NK82CSxSnZiQUFmSlAKUMTAyiAyqVWFGQWpYJkTE1NjRDiJZm5YFEzNPXFmekgGwyjTAPy0l2y3BNL01KDMwPynUorUjwizV29jb1CUhyzfAMsjYNNvMvCjH1tlWoBGhAzGw__";
    public const string NodeUserSig = "eJyrVgrxCdYrSy1SslIy0jNQ0gHzM1NS80oy0zLBwhWZiflZpXlQqeKU7MSCgswUJStDEwMogMiUZOamKlkZmqGKplYUZBaBxE1NTY3gosWZ6UpWSoZRpgF56S5Z7omlaanBmQH5TqUVKR6R5q7exl4hKY5ZvgGWxsEm3mVhxr62SrUAnj0xuw__";

    // genPrivateMapKey("xiaojun", 15552000, roomid=10000, privilegeMap=255) at the same time.
    public const string PrivateMapKeyUserBuf = "AAAHeGlhb2p1blNyTgAAACcQYEteAAAAAP8AAAAA";
    public const string PrivateMapKeyMac = "QQY8WpPtnz7YZSG2peQjkXFqylqgPMeZmrrJaErpMxE=";
}
