using Microsoft.ML.SemanticContext.Corpus;
using Microsoft.ML.SemanticContext.Data;
using Microsoft.ML.SemanticContext.Numerics;

namespace Microsoft.ML.SemanticContext.Trainers;

/// <summary>
/// <c>sctok train</c> without the command line: reads a corpus (annotated or plain), trains or fine-tunes a GPT-Neo model
/// and writes it as a model .zip. Resumable checkpoints go to <c>&lt;output&gt;.checkpoints/</c>.
/// </summary>
public sealed class TrainRun
{
    public required string Corpus { get; init; }
    public required string Output { get; init; }

    /// <summary>Held-out corpus for validation and early stopping; null holds out <see cref="ValidationFraction"/> of the corpus.</summary>
    public string? ValidationCorpus { get; init; }

    /// <summary>Share of the stories held out for validation when no validation corpus is given (0 disables validation).</summary>
    public double ValidationFraction { get; init; } = 0.05;

    public string Preset { get; init; } = CausalLmDefaults.Preset;

    /// <summary>Base model to fine-tune: a Hugging Face folder or a model .zip.</summary>
    public string? From { get; init; }

    /// <summary>Tokenizer folder (GPT-2 files); null trains a BPE of <see cref="VocabularySize"/> tokens (or uses the base model's).</summary>
    public string? Tokenizer { get; init; }

    public int VocabularySize { get; init; } = CausalLmDefaults.TrainedVocabularySize;

    /// <summary>Start from the paper's fine-tuning settings (lr 5e-6, batch 4, accumulation 2, patience 3) before the overrides below.</summary>
    public bool PaperSettings { get; init; }

    public int? BatchSize { get; init; }
    public int? SequenceLength { get; init; }
    public int? MaxSteps { get; init; }
    public int? Epochs { get; init; }
    public float? LearningRate { get; init; }
    public int Threads { get; init; } = Environment.ProcessorCount;
    public int Seed { get; init; } = CausalLmDefaults.Seed;
    public bool Resume { get; init; }
    public IProgress<TrainingProgress>? Progress { get; init; }

    public string CheckpointDirectory => Output + ".checkpoints";

    public CausalLmTransformer Execute(Action<string> log)
    {
        Parallelism.MaxThreads = Threads;
        var stories = CorpusReader.Read(Corpus).Select(s => s.Text).ToList();
        if (stories.Count == 0) throw new InvalidDataException($"Corpus '{Corpus}' holds no stories.");
        List<string> train = stories, validation = new();
        if (ValidationCorpus is not null) validation = CorpusReader.Read(ValidationCorpus).Select(s => s.Text).ToList();
        else if (ValidationFraction > 0 && stories.Count >= 20)
        {
            int held = Math.Max(1, (int)(stories.Count * ValidationFraction));
            (train, validation) = (stories[..^held], stories[^held..]);
        }
        var baseline = PaperSettings ? CausalLmTrainingOptions.PaperPreset : new CausalLmTrainingOptions();
        var training = baseline with
        {
            BatchSize = BatchSize ?? baseline.BatchSize,
            SequenceLength = SequenceLength ?? baseline.SequenceLength,
            MaxSteps = MaxSteps ?? baseline.MaxSteps,
            Epochs = Epochs ?? baseline.Epochs,
            LearningRate = LearningRate ?? baseline.LearningRate,
            CheckpointDirectory = CheckpointDirectory,
            Resume = Resume,
        };
        var ml = new MLContext(Seed);
        ml.Log += log;
        var options = new CausalLmTrainerOptions
        {
            Preset = Preset,
            BaseModelPath = From,
            TokenizerPath = Tokenizer,
            VocabularySize = VocabularySize,
            Training = training,
            Seed = Seed,
            Progress = Progress,
        };
        log($"train: {train.Count:N0} stories from '{Corpus}', {validation.Count:N0} for validation; {Threads} threads");
        var transformer = ml.Trainers.CausalLm(options).Fit(ml.Data.LoadFromTexts(train), validation.Count > 0 ? ml.Data.LoadFromTexts(validation) : null);
        transformer.Save(Output);
        log($"train: wrote '{Output}'");
        return transformer;
    }
}
