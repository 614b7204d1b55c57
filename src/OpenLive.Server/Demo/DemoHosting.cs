using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OpenLive.Server.Demo;

/// <summary>
/// Serves the built demo at <c>/</c> (index.html, admin.html, bundles, CSS) with the static files middleware. Only
/// requests no endpoint took and outside the API prefixes reach it, so no file can shadow <c>/signal</c>, <c>/healthz</c>,
/// <c>/admin/v1</c>, <c>/whip</c>, <c>/whep</c> or the dev endpoints. Every file is sent with <c>Cache-Control:
/// no-cache</c> (revalidated by ETag), so a rebuilt demo is picked up at the next load. Without a built demo, the pages
/// answer with a short HTML page that says how to build it.
/// </summary>
internal static class DemoHosting
{
    /// <summary>Paths that belong to the server's APIs, never to the demo's files.</summary>
    private static readonly string[] ReservedPrefixes = ["/signal", "/healthz", "/admin/v1", "/whip", "/whep", "/dev/v1", "/metrics", "/openapi"];

    public static void UseDemo(this WebApplication app)
    {
        var files = app.Services.GetRequiredService<DemoFiles>();
        var logger = app.Services.GetRequiredService<ILogger<DemoFiles>>();
        if (files.IsBuilt)
        {
            DemoLog.Serving(logger, files.Root);
        }
        else
        {
            DemoLog.NotBuilt(logger, files.Root);
        }

        app.UseWhen(context => context.GetEndpoint() is null && IsDemoRequest(context.Request), branch =>
        {
            branch.Use(async (context, next) =>
            {
                if (!files.IsBuilt && IsPage(context.Request.Path))
                {
                    await DemoNotBuiltPage.WriteAsync(context).ConfigureAwait(false);
                    return;
                }

                await next(context).ConfigureAwait(false);
            });
            branch.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
            branch.UseStaticFiles(new StaticFileOptions
            {
                FileProvider = files,
                OnPrepareResponse = static file => file.Context.Response.Headers.CacheControl = "no-cache",
            });
        });
    }

    /// <summary>A GET or HEAD outside the API prefixes.</summary>
    internal static bool IsDemoRequest(HttpRequest request)
    {
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            return false;
        }

        var path = request.Path.Value ?? "/";
        foreach (var prefix in ReservedPrefixes)
        {
            if (path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
                && (path.Length == prefix.Length || path[prefix.Length] == '/'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsPage(PathString path) =>
        path.Value is "/" or "/index.html" or "/admin.html" or null or "";
}

/// <summary>
/// The page <c>/</c> shows while the demo has not been built. It names no filesystem path (where the server is
/// installed, whose home it runs from): the operator finds the directory in the startup log.
/// </summary>
internal static class DemoNotBuiltPage
{
    public static Task WriteAsync(HttpContext context)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/html; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        return response.WriteAsync($$"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>OpenLive: the demo is not built</title>
            <style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#1d1d28}
            code,pre{background:#f1f0f7;border-radius:4px;padding:.1rem .3rem}pre{padding:.6rem .8rem;overflow-x:auto}</style></head>
            <body><h1>OpenLive is running; the demo app is not built</h1>
            <p>The demo (<code>web/demo</code>) is built by <code>./run.sh</code>. To build it by hand, from the repository root:</p>
            <pre>npm ci
            node web/sdk/build.mjs
            node web/demo/build.mjs</pre>
            <p>then reload this page. The server's log names the directory it looks in
            (set <code>--demo-path DIR</code> or <code>OpenLive:Demo:Path</code> to serve it from elsewhere).</p>
            <p>The APIs work without it: <a href="/healthz">/healthz</a>, <code>/signal</code>, <code>/admin/v1</code>, WHIP and WHEP.</p>
            </body></html>
            """, context.RequestAborted);
    }
}
