using System.Runtime.InteropServices;

namespace Microsoft.ML.SemanticContext.Cli;

/// <summary>
/// Ctrl-C (SIGINT) and SIGTERM as a cancellation of the running command: the first signal cancels the token every
/// command hands to its context (<c>ml.Cancellation</c>), the work stops at its next safe point (training after a
/// checkpoint at a step boundary, annotating inside the fit or before the next story, nothing half-written), and the
/// process exits with 128 + the signal's number: 130 or 143. A second signal ends the process at once.
/// </summary>
public static class CliSignals
{
    static readonly CancellationTokenSource Source = new();
    static PosixSignalRegistration[]? registrations;

    /// <summary>Starts listening (once) and returns the token the signals cancel.</summary>
    public static CancellationToken Listen()
    {
        registrations ??= [PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle), PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle)];
        return Source.Token;
    }

    /// <summary>The exit code of a cancelled command: 130 after SIGINT, 143 after SIGTERM.</summary>
    public static int ExitCode { get; private set; } = 128 + 2;

    static void Handle(PosixSignalContext context)
    {
        if (Source.IsCancellationRequested) return;  // the second signal: the default action ends the process
        context.Cancel = true;
        ExitCode = context.Signal == PosixSignal.SIGTERM ? 128 + 15 : 128 + 2;
        Console.Error.WriteLine($"{context.Signal}: stopping at the next safe point (send it again to stop at once).");
        Source.Cancel();
    }
}
