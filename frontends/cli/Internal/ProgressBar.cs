using Spectre.Console;

namespace P2PClinic.Cli.Internal;

/// <summary>The one progress bar imports and exports show: label, bar, percentage, time left.</summary>
internal static class ProgressBar
{
    /// <summary>Runs <paramref name="work"/>, which reports (done, total) as it goes; the bar is full when it returns.</summary>
    public static Task RunAsync(IAnsiConsole console, string description, Func<Action<int, int>, Task> work) =>
        console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(description, maxValue: 1);
                await work((done, total) =>
                {
                    task.MaxValue = Math.Max(1, total);
                    task.Value = done;
                });
                task.Value = task.MaxValue;
            });
}
