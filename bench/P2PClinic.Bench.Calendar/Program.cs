using P2PClinic.Bench.Calendar;

return await CalendarBenchmarks.RunAsync(args).ConfigureAwait(false);
