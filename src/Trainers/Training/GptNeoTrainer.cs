using System.Diagnostics;
using Microsoft.ML.SemanticContext.Numerics;

namespace Microsoft.ML.SemanticContext.Trainers;

/// <summary>
/// Trains a <see cref="GptNeoModel"/> in place: shuffled fixed-length sequences, gradient accumulation, global-norm
/// clipping, AdamW with a warm-up/cosine schedule, periodic validation with early stopping, and atomic resumable
/// checkpoints. With the same seed and options, runs (interrupted or not) produce the same loss at every step.
/// </summary>
public sealed class GptNeoTrainer
{
    readonly GptNeoModel model;
    readonly CausalLmTrainingOptions options;
    float[] adamM, adamV;
    float[]? bestParameters;

    public GptNeoTrainer(GptNeoModel model, CausalLmTrainingOptions options)
    {
        this.model = model;
        this.options = options.Validated();
        if (options.SequenceLength > model.Config.MaxPositions)
            throw new InvalidOptionException(nameof(options.SequenceLength), $"is {options.SequenceLength}, more than the model's context of {model.Config.MaxPositions} positions.");
        adamM = new float[model.Parameters.Length];
        adamV = new float[model.Parameters.Length];
    }

    /// <summary>
    /// Runs until the step budget is spent, early stopping triggers, or <paramref name="cancellation"/> fires. When
    /// validation ran, the model ends with the parameters of its best validation loss.
    /// </summary>
    public TrainingResult Train(TokenSequences training, TokenSequences? validation = null,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellation = default)
    {
        int B = options.BatchSize, T = options.SequenceLength, accumulation = options.GradientAccumulationSteps;
        if (training.SequenceLength != T || validation is { } v && v.SequenceLength != T)
            throw new ArgumentException($"Training and validation sequences must have the configured length {T}.");
        if (training.Count < B * accumulation)
            throw new InvalidInputException($"The training corpus has {training.Count} sequences of {T + 1} tokens ({training.TokenCount} tokens), "
                + $"fewer than one optimizer step needs (batch {B} × accumulation {accumulation}). Add text or lower the batch size or sequence length.");
        if (validation is { Count: 0 }) throw new InvalidInputException($"The validation corpus has no sequence of {T + 1} tokens.");

        int batchesPerEpoch = training.Count / B;
        int totalSteps = options.StepsFor(training.Count);
        var schedule = new LearningRateSchedule(options.Schedule, options.LearningRate, options.WarmupSteps, totalSteps, options.MinimumLearningRateRatio);

        int step = 0, epoch = 0, cursor = 0, stale = 0, lossesFromStep = 1;
        float best = float.PositiveInfinity;
        string? lastCheckpoint = null;
        string? corpus = options.CheckpointDirectory is null ? null : training.Fingerprint();
        var losses = new List<float>();
        var validations = new List<(int Step, float Loss)>();
        if (options is { Resume: true, CheckpointDirectory: { } resumeDir } && File.Exists(TrainingCheckpoint.PathIn(resumeDir)))
        {
            var state = TrainingCheckpoint.Load(resumeDir, model.Config, options);
            state.CheckResumable(resumeDir, corpus!, totalSteps, batchesPerEpoch);
            state.Parameters.CopyTo(model.Parameters, 0);
            (adamM, adamV, bestParameters) = (state.AdamM, state.AdamV, state.BestParameters);
            (step, epoch, cursor, best, stale) = (state.Step, state.Epoch, state.BatchCursor, state.BestValidationLoss, state.EvaluationsWithoutImprovement);
            // The history continues with the steps' own numbers; a checkpoint without one starts it after its step.
            lossesFromStep = state.Losses is null ? step + 1 : state.LossesFromStep;
            losses.AddRange(state.Losses ?? []);
            validations.AddRange(state.ValidationLosses ?? []);
            lastCheckpoint = TrainingCheckpoint.PathIn(resumeDir);
        }

        var order = EpochOrder(training.Count, epoch);
        var inputs = new int[B * T];
        var targets = new int[B * T];
        var clock = Stopwatch.StartNew();
        int firstStep = step;
        var stopReason = TrainingStopReason.Completed;

        int checkpointedStep = step;
        void Checkpoint()
        {
            if (options.CheckpointDirectory is not { } dir || step == checkpointedStep) return;
            new TrainingCheckpoint
            {
                Step = step, Epoch = epoch, BatchCursor = cursor, BestValidationLoss = best, EvaluationsWithoutImprovement = stale,
                Parameters = model.Parameters, AdamM = adamM, AdamV = adamV, BestParameters = bestParameters,
                Corpus = corpus, Losses = [.. losses], LossesFromStep = lossesFromStep, ValidationLosses = [.. validations],
            }.Save(dir, model.Config, options);
            (lastCheckpoint, checkpointedStep) = (TrainingCheckpoint.PathIn(dir), step);
        }

        int pauseAfter = options.PauseAfterStep ?? int.MaxValue;
        while (step < totalSteps)
        {
            if (step >= pauseAfter) { Checkpoint(); stopReason = TrainingStopReason.Paused; break; }
            // A cancelled run stops at a step boundary with its last step checkpointed, so a resume continues from it.
            if (cancellation.IsCancellationRequested) { Checkpoint(); stopReason = TrainingStopReason.Cancelled; break; }
            model.ZeroGradients();
            float loss = 0;
            for (int micro = 0; micro < accumulation; micro++)
            {
                if (cursor == batchesPerEpoch)
                {
                    (epoch, cursor) = (epoch + 1, 0);
                    order = EpochOrder(training.Count, epoch);
                }
                for (int b = 0; b < B; b++)
                    training.CopyExample(order[cursor * B + b], inputs.AsSpan(b * T, T), targets.AsSpan(b * T, T));
                cursor++;
                float microLoss = model.ForwardBackward(inputs, targets, B, T, 1f / accumulation);
                if (!float.IsFinite(microLoss)) throw new TrainingDivergedException(step + 1, "loss", microLoss, lastCheckpoint);
                loss += microLoss / accumulation;
            }
            float norm = (float)Math.Sqrt(VectorOps.SumOfSquares(model.Gradients));
            if (!float.IsFinite(norm)) throw new TrainingDivergedException(step + 1, "gradient norm", norm, lastCheckpoint);
            if (options.MaxGradientNorm > 0 && norm > options.MaxGradientNorm)
                VectorOps.Scale(model.Gradients, options.MaxGradientNorm / norm);
            step++;
            float lr = schedule.At(step);
            ApplyAdamW(lr, step);
            losses.Add(loss);

            float? validationLoss = null;
            bool stop = false;
            if (validation is not null && (step % options.ValidationInterval == 0 || step == totalSteps))
            {
                float value = Evaluate(validation);
                validationLoss = value;
                validations.Add((step, value));
                if (value < best)
                {
                    (best, stale) = (value, 0);
                    bestParameters = (float[])model.Parameters.Clone();
                }
                else if (options.EarlyStoppingPatience is int patience && ++stale >= patience)
                {
                    stop = true;
                    stopReason = TrainingStopReason.EarlyStopping;
                }
            }
            if (step % options.CheckpointInterval == 0 || step == totalSteps || stop) Checkpoint();
            if (progress is not null)
            {
                double seconds = clock.Elapsed.TotalSeconds;
                int done = step - firstStep;
                double tokensPerSecond = done * (double)B * T * accumulation / Math.Max(seconds, 1e-9);
                var eta = TimeSpan.FromSeconds(seconds / done * (totalSteps - step));
                progress.Report(new TrainingProgress(step, totalSteps, epoch, loss, lr, norm, tokensPerSecond, clock.Elapsed, eta, validationLoss));
            }
            if (stop) break;
        }
        if (bestParameters is not null) bestParameters.CopyTo(model.Parameters, 0);
        return new TrainingResult(step, stopReason, losses, validations, float.IsFinite(best) ? best : null) { LossesFromStep = lossesFromStep };
    }

    /// <summary>Mean cross-entropy over up to MaxValidationBatches batches; a short last batch is padded with ignored targets.</summary>
    public float Evaluate(TokenSequences validation)
    {
        int B = options.BatchSize, T = options.SequenceLength;
        var inputs = new int[B * T];
        var targets = new int[B * T];
        double sum = 0;
        long count = 0;
        int batches = Math.Min(options.MaxValidationBatches, (validation.Count + B - 1) / B);
        for (int batch = 0; batch < batches; batch++)
        {
            for (int b = 0; b < B; b++)
            {
                int index = batch * B + b;
                if (index < validation.Count)
                    validation.CopyExample(index, inputs.AsSpan(b * T, T), targets.AsSpan(b * T, T));
                else
                {
                    inputs.AsSpan(b * T, T).Clear();
                    targets.AsSpan(b * T, T).Fill(-1);
                }
            }
            var (s, c) = model.LossSum(inputs, targets, B, T);
            sum += s;
            count += c;
        }
        return (float)(sum / count);
    }

    /// <summary>The example order of one epoch: a permutation drawn from (seed, epoch) alone, so a resumed run can rebuild it.</summary>
    int[] EpochOrder(int count, int epoch)
    {
        var order = Enumerable.Range(0, count).ToArray();
        new DeterministicRandom(options.Seed * 1_000_003L + epoch).Shuffle(order);
        return order;
    }

    void ApplyAdamW(float lr, int step)
    {
        foreach (var t in model.Layout.Tensors)
        {
            int offset = (int)t.Offset, size = (int)t.Size;
            AdamW.Step(model.Parameters.AsSpan(offset, size), model.Gradients.AsSpan(offset, size), adamM.AsSpan(offset, size),
                adamV.AsSpan(offset, size), lr, options.Beta1, options.Beta2, options.AdamEpsilon,
                t.IsMatrix ? options.WeightDecay : 0f, step);
        }
    }
}
