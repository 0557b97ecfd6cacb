using P2PClinic.Cli;

return await CliApplication.RunAsync(args).ConfigureAwait(false);
