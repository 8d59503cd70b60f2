using System.Reflection;
using Microsoft.ML.SemanticContext.Benchmarks;

// Benchmarks are discovered in this assembly only: a listing tool, not a plugin system.
var benchmarks = Assembly.GetExecutingAssembly().GetTypes()
    .Where(t => typeof(IBenchmark).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
    .Select(t => (IBenchmark)Activator.CreateInstance(t)!)
    .OrderBy(b => b.Name)
    .ToList();

var chosen = args.Length > 0 ? benchmarks.FirstOrDefault(b => b.Name == args[0]) : null;
if (chosen is null)
{
    Console.Error.WriteLine(args.Length > 0 ? $"Unknown benchmark '{args[0]}'." : "Usage: Benchmarks NAME [args]");
    foreach (var b in benchmarks) Console.Error.WriteLine($"  {b.Name,-24} {b.Description}");
    return args.Length > 0 ? 2 : 0;
}
return chosen.Run(args[1..]);
