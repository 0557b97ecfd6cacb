using P2PClinic.Host.Hosting;

// The node: everything is in NodeProgram; this file only hands it the command line and returns its exit code.
return await NodeProgram.RunAsync(args);
