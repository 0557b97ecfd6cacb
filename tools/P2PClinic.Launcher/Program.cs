using System.Runtime.InteropServices;
using P2PClinic.Launcher;

// One command for a newcomer: signaling server, node and web app, stopped together on Ctrl+C (or SIGTERM).
LaunchOptions? options;
try
{
    options = LaunchOptions.Parse(args);
}
catch (ArgumentException e)
{
    await Console.Error.WriteLineAsync($"p2pclinic-run: {e.Message}");
    return 2;
}

if (options is null)
{
    Console.WriteLine(LaunchOptions.Usage);
    return 0;
}

using var stop = new CancellationTokenSource();
void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stop.Cancel();
}

using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
await using var launch = new Launch(options);
var code = await launch.RunAsync(stop.Token);
Console.WriteLine("Stopping…");
return code;
