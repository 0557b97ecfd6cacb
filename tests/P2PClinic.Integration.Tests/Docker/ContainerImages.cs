using System.Reflection;
using DotNet.Testcontainers.Builders;

namespace P2PClinic.Integration.Tests.Docker;

/// <summary>
/// The node and signaling images, made once per test run from the repository's own Dockerfiles (host/Dockerfile,
/// signaling/Dockerfile): each app is published self-contained for linux-x64 once, then Testcontainers builds a thin
/// image of the publish folder on the local runtime base (tools/container/runtime-base-image.sh). Nothing is pulled.
/// </summary>
internal static class ContainerImages
{
    public const string Node = "p2pclinic/node:integration";
    public const string Signaling = "p2pclinic/signaling:integration";
    public const string Redis = "p2pclinic/redis:integration";
    private const string RuntimeBase = "p2pclinic/runtime-base:local";

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static Task? nodeAndSignaling;
    private static Task? redis;

    public static string RepositoryRoot => Metadata("P2PClinic.RepositoryRoot");

    private static string Configuration => Metadata("P2PClinic.Configuration");

    private static string StagingRoot => Path.Combine(AppContext.BaseDirectory, "container-images");

    /// <summary>Builds the node and signaling images (once per process; later calls wait for the first).</summary>
    public static async Task EnsureNodeAndSignalingAsync()
    {
        Task task;
        await Gate.WaitAsync();
        try
        {
            task = nodeAndSignaling ??= BuildNodeAndSignalingAsync();
        }
        finally
        {
            Gate.Release();
        }

        await task;
    }

    /// <summary>Builds a Redis image from this machine's redis-server (Debian's package; test.sh installs it).</summary>
    public static async Task EnsureRedisAsync()
    {
        Task task;
        await Gate.WaitAsync();
        try
        {
            task = redis ??= BuildRedisAsync();
        }
        finally
        {
            Gate.Release();
        }

        await task;
    }

    private static async Task BuildNodeAndSignalingAsync()
    {
        // For a developer iterating on the tests only: keep the images of an earlier run (never in CI or test.sh).
        if (Environment.GetEnvironmentVariable("P2PCLINIC_REUSE_IMAGES") == "1"
            && await ImageExistsAsync(Node) && await ImageExistsAsync(Signaling))
        {
            return;
        }

        await CommandLine.RunAsync("bash", Path.Combine(RepositoryRoot, "tools/container/runtime-base-image.sh"), RuntimeBase);

        // host/Dockerfile takes app/ and data/ (owned by the node's user in the image); signaling's takes the publish folder itself.
        var node = Path.Combine(StagingRoot, "node");
        var signaling = Path.Combine(StagingRoot, "signaling");
        // The two share no project, so they publish side by side.
        await Task.WhenAll(
            PublishAsync("host/P2PClinic.Host/P2PClinic.Host.csproj", Path.Combine(node, "app")),
            PublishAsync("signaling/P2PClinic.Signaling/P2PClinic.Signaling.csproj", signaling));
        Directory.CreateDirectory(Path.Combine(node, "data"));
        File.Copy(Path.Combine(RepositoryRoot, "host/data-README.txt"), Path.Combine(node, "data", "README.txt"), overwrite: true);
        if (!OperatingSystem.IsWindows())
        {
            // Owner-only already (the build keeps the context's modes): the node has nothing to tighten on a new volume.
            File.SetUnixFileMode(Path.Combine(node, "data"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            File.SetUnixFileMode(Path.Combine(node, "data", "README.txt"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        await BuildAsync(Node, "host", node);
        await BuildAsync(Signaling, "signaling", signaling);
    }

    private static async Task BuildRedisAsync()
    {
        await CommandLine.RunAsync("bash", Path.Combine(RepositoryRoot, "tools/container/runtime-base-image.sh"), RuntimeBase);
        var redisServer = new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("redis-server is not installed (test.sh installs Debian's redis-server)");
        var context = Path.Combine(StagingRoot, "redis");
        Directory.CreateDirectory(Path.Combine(context, "lib"));
        File.Copy(redisServer, Path.Combine(context, "redis-server"), overwrite: true);

        // The libraries redis-server links beyond what the runtime base has (e.g. liblzf, libjemalloc, libsystemd).
        foreach (var library in (await CommandLine.RunAsync("ldd", redisServer)).Split('\n'))
        {
            var parts = library.Trim().Split(' ');
            if (parts.Length >= 3 && parts[1] == "=>" && File.Exists(parts[2]))
            {
                File.Copy(parts[2], Path.Combine(context, "lib", Path.GetFileName(parts[2])), overwrite: true);
            }
        }

        await File.WriteAllTextAsync(Path.Combine(context, "Dockerfile"), """
            # Redis for the signaling tests, made from the test machine's own redis-server (no registry to pull from).
            ARG BASE_IMAGE=p2pclinic/runtime-base:local
            FROM ${BASE_IMAGE}
            COPY lib/ /usr/lib/redis-libs/
            COPY redis-server /usr/bin/redis-server
            ENV LD_LIBRARY_PATH=/usr/lib/redis-libs
            USER 10001:10001
            EXPOSE 6379
            ENTRYPOINT ["/usr/bin/redis-server", "--bind", "0.0.0.0", "--protected-mode", "no", "--save", "", "--appendonly", "no", "--dir", "/tmp"]
            """);
        await new ImageFromDockerfileBuilder()
            .WithName(Redis)
            .WithDockerfileDirectory(context)
            .WithDockerfile("Dockerfile")
            .WithBuildArgument("BASE_IMAGE", RuntimeBase)
            .WithCleanUp(false)
            .Build()
            .CreateAsync();
    }

    private static async Task<bool> ImageExistsAsync(string image)
    {
        try
        {
            await DockerEngine.RunAsync("image", "inspect", image);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static async Task PublishAsync(string project, string output)
    {
        if (Directory.Exists(output))
        {
            Directory.Delete(output, recursive: true);
        }

        await CommandLine.RunAsync("dotnet", "publish", Path.Combine(RepositoryRoot, project), "-c", Configuration, "-r", "linux-x64", "--self-contained",
            "-p:InvariantGlobalization=true", "-o", output, "-nologo", "-v:q", "-clp:NoSummary");
    }

    private static async Task BuildAsync(string image, string dockerfileFolder, string context) =>
        await new ImageFromDockerfileBuilder()
            .WithName(image)
            .WithDockerfileDirectory(Path.Combine(RepositoryRoot, dockerfileFolder))
            .WithDockerfile("Dockerfile")
            .WithContextDirectory(context)
            .WithBuildArgument("BASE_IMAGE", RuntimeBase)
            .WithCleanUp(false)
            .Build()
            .CreateAsync();

    private static string Metadata(string key) =>
        typeof(ContainerImages).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
