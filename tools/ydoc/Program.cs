using P2PClinic.Tools.YDoc.Internal;

return YDocCommandLine.Run(args, Console.OpenStandardOutput(), Console.Error);
