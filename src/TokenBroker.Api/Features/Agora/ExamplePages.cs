using Microsoft.Extensions.FileProviders;

namespace TokenBroker.Api.Features.Agora;

/// <summary>
/// The repository's docs/examples pages (copied next to the binary by the project file), served at
/// /examples in Development only: they drive the development-mode demo app without a secret and are
/// no part of a production broker's surface.
/// </summary>
public static class ExamplePages
{
    public const string RequestPath = "/examples";
    public const string OutputFolder = "examples";

    public static WebApplication UseExamplePages(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var root = Path.Combine(AppContext.BaseDirectory, OutputFolder);
        if (app.Environment.IsDevelopment() && Directory.Exists(root))
        {
            app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(root), RequestPath = RequestPath });
        }

        return app;
    }
}
