namespace Microsoft.ML.SemanticContext.Trainers;

/// <summary>
/// What a trained model was trained on and how, saved with it (the model .zip's stage options) and written into the
/// model card of an exported Hugging Face folder.
/// </summary>
/// <param name="Data">The training data as the caller named it (<see cref="CausalLmTrainerOptions.DataName"/>), or its column.</param>
/// <param name="Texts">Training texts (stories).</param>
/// <param name="Tokens">Training tokens, end-of-text separators and plan tokens included.</param>
/// <param name="ValidationTexts">Validation texts, or 0 without validation.</param>
/// <param name="Origin">Where training started (a new model and its tokenizer, or the fine-tuned model).</param>
/// <param name="PlanTokens">Plan tokens &lt;cluster_0&gt; … learned from the text; 0 for a model trained on plain text.</param>
/// <param name="Steps">Optimizer steps taken.</param>
/// <param name="StopReason">Why training ended.</param>
/// <param name="BatchSize">Sequences per micro-batch.</param>
/// <param name="GradientAccumulationSteps">Micro-batches per optimizer step.</param>
/// <param name="SequenceLength">Tokens per training sequence.</param>
/// <param name="LearningRate">Peak learning rate.</param>
/// <param name="LastLoss">Training loss of the last step.</param>
/// <param name="BestValidationLoss">Best validation loss (the weights kept), or null without validation.</param>
public sealed record CausalLmTrainingSummary(
    string Data, int Texts, long Tokens, int ValidationTexts, string Origin, int PlanTokens,
    int Steps, TrainingStopReason StopReason, int BatchSize, int GradientAccumulationSteps, int SequenceLength, float LearningRate,
    float? LastLoss, float? BestValidationLoss);
