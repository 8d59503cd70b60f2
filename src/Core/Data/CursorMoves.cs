using System.Runtime.ExceptionServices;
using Microsoft.ML.Data;

namespace Microsoft.ML.SemanticContext.Data;

/// <summary>
/// Advances a cursor the project reads from. ML.NET's cache fills rows on a thread of its own and hands an exception
/// from there to the reader wrapped in an InvalidOperationException; a cancellation must still reach the caller as one
/// (the CLI turns it into exit code 130, not a stack trace).
/// </summary>
internal static class CursorMoves
{
    public static bool Next(DataViewRowCursor cursor)
    {
        try
        {
            return cursor.MoveNext();
        }
        catch (InvalidOperationException e) when (CancellationIn(e) is { } cancelled)
        {
            ExceptionDispatchInfo.Throw(cancelled);
            throw;
        }
    }

    static OperationCanceledException? CancellationIn(Exception e)
    {
        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
            if (inner is OperationCanceledException cancelled) return cancelled;
        return null;
    }
}
