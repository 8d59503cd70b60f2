using Microsoft.ML.SemanticContext.Numerics;

namespace Microsoft.ML.SemanticContext;

/// <summary>
/// The per-context settings of this project on ML.NET's <see cref="MLContext"/>, as C# 14 extension properties:
/// <c>ml.ComputeThreads = 2; ml.Progress = new Progress&lt;ProgressEvent&gt;(...)</c>. They live beside the context
/// (<see cref="ContextSettings"/>), so two contexts in one process keep their own.
/// </summary>
public static class MLContextSettings
{
    extension(MLContext context)
    {
        /// <summary>Threads this project's kernels and row-parallel stages use at most (default: all cores).</summary>
        public int ComputeThreads
        {
            get => ContextSettings.Of(context).Threads;
            set => ContextSettings.Of(context).Threads = value;
        }

        /// <summary>Where this project's matrix products run (default: the CPU backend).</summary>
        public IComputeBackend ComputeBackend
        {
            get => ContextSettings.Of(context).Backend;
            set => ContextSettings.Of(context).Backend = value;
        }

        /// <summary>
        /// Cancels long work started from this context: training stops at its next step boundary after writing a
        /// checkpoint, annotating before the next story, each with an <see cref="OperationCanceledException"/>.
        /// </summary>
        public CancellationToken Cancellation
        {
            get => ContextSettings.Of(context).Cancellation;
            set => ContextSettings.Of(context).Cancellation = value;
        }

        /// <summary>Progress of long work started from this context; null (the default) reports nothing.</summary>
        public IProgress<ProgressEvent>? Progress
        {
            get => ContextSettings.Of(context).Progress;
            set => ContextSettings.Of(context).Progress = value;
        }
    }
}
