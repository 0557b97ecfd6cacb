using Microsoft.Extensions.Logging;

namespace P2PClinic.SyncWebRtc.Tests.Infrastructure;

/// <summary>Keeps every log entry (event id and formatted message) so that a test can read what a user would see.</summary>
internal sealed class RecordingLoggerFactory : ILoggerFactory
{
    private readonly List<(int EventId, LogLevel Level, string Message)> entries = [];

    public IReadOnlyList<(int EventId, LogLevel Level, string Message)> Entries
    {
        get
        {
            lock (entries)
            {
                return [.. entries];
            }
        }
    }

    public ILogger CreateLogger(string categoryName) => new Recorder(this);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private sealed class Recorder(RecordingLoggerFactory owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (owner.entries)
            {
                owner.entries.Add((eventId.Id, logLevel, formatter(state, exception)));
            }
        }
    }
}
