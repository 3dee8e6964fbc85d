using Kyc.LoadTests;

// Load generator for the platform's HTTP APIs. Usage: see Cli.Usage (or run without arguments).
return await Cli.RunAsync(args, Console.Out, Console.Error);
