using P2PClinic.Web.Hosting;

// The web app: everything is in WebApplicationSetup; this file only turns a bad command line into one line on stderr.
WebApplication app;
try
{
    app = WebApplicationSetup.Build(args);
}
catch (ArgumentException e)
{
    await Console.Error.WriteLineAsync($"p2pclinic-web: {e.Message}");
    return 2;
}

await app.RunAsync();
return 0;
