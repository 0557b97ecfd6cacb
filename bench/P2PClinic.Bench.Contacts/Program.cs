using P2PClinic.Bench.Contacts;

return await ContactBenchmarks.RunAsync(args).ConfigureAwait(false);
