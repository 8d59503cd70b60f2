using System.Globalization;
using System.Text;
using Microsoft.ML.SemanticContext.Tokenizers;

namespace Microsoft.ML.SemanticContext.Trainers;

/// <summary>
/// The README.md of an exported Hugging Face folder: the model's shape, its tokenizer, whether it writes plan tokens,
/// what it was trained on and for how many steps, and how to load it in Python.
/// </summary>
static class ModelCard
{
    public static string Write(CausalLanguageModel lm, CausalLmTrainingSummary? training, string name)
    {
        var c = lm.Model.Config;
        var tokenizer = lm.Tokenizer;
        var planIds = PlanTokenVocabulary.IdsIn(tokenizer).Order().ToList();
        var card = new StringBuilder();
        void Line(string text = "") => card.Append(text).Append('\n');
        string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

        Line("---");
        Line("library_name: transformers");
        Line("pipeline_tag: text-generation");
        Line("tags:");
        Line("- gpt_neo");
        Line("- semantic-context-tokens");
        Line("---");
        Line($"# {name}");
        Line();
        Line("A GPT-Neo causal language model written by sctok (Semantic Context Tokens for .NET).");
        Line();
        string kinds = string.Join(", ", c.AttentionLayers.Select(k => k == AttentionKind.Global ? "global" : "local"));
        Line($"- **Architecture**: GPT-Neo, hidden size {c.HiddenSize}, {c.Layers} layers ({kinds}; local window {c.WindowSize}), "
            + $"{c.Heads} heads, context {N(c.MaxPositions)} tokens, {N(c.ParameterCount)} parameters, LM head "
            + (c.TieWordEmbeddings ? "tied to the token embedding." : "of its own (`lm_head.weight`)."));
        Line($"- **Tokenizer**: byte-level BPE (GPT-2's scheme), {N(tokenizer.VocabularySize)} ids; `{ByteLevelBpeTokenizer.EndOfTextToken}` "
            + $"(id {tokenizer.EndOfTextId}) ends every story and is the bos and eos token.");
        Line("- **Plan tokens**: " + (planIds.Count == 0
            ? "none; the model was trained on plain text and does not write plan tokens."
            : $"the model writes {planIds.Count} plan tokens `<cluster_0>` … `<cluster_{planIds.Count - 1}>` (ids {planIds[0]}–{planIds[^1]}), "
              + "one at each chunk of a story as in its training text. They are special tokens: the tokenizer never splits them, "
              + "and `decode(..., skip_special_tokens=True)` removes them."));
        if (training is null)
        {
            Line("- **Training**: not recorded with this model (it was not trained in this run of sctok, e.g. it was loaded from a Hugging Face folder).");
        }
        else
        {
            Line($"- **Training data**: {training.Data}: {N(training.Texts)} texts, {N(training.Tokens)} tokens"
                + (training.ValidationTexts > 0 ? $"; {N(training.ValidationTexts)} validation texts." : "; no validation texts."));
            Line($"- **Training**: {training.Origin}; {N(training.Steps)} optimizer steps (stopped: {training.StopReason}), "
                + $"batch {training.BatchSize} × {training.GradientAccumulationSteps} accumulation × {training.SequenceLength} tokens, "
                + $"peak learning rate {training.LearningRate.ToString("G3", CultureInfo.InvariantCulture)}"
                + (training.LastLoss is float last ? $", last training loss {last.ToString("F4", CultureInfo.InvariantCulture)}" : "")
                + (training.BestValidationLoss is float best ? $", best validation loss {best.ToString("F4", CultureInfo.InvariantCulture)} (the weights kept)" : "")
                + ".");
        }
        Line();
        Line("## Use");
        Line();
        Line("```python");
        Line("from transformers import AutoModelForCausalLM, AutoTokenizer");
        Line($"tokenizer = AutoTokenizer.from_pretrained(\"{name}\")");
        Line($"model = AutoModelForCausalLM.from_pretrained(\"{name}\")");
        Line("# Stories start after end of text, as in training.");
        Line("ids = tokenizer(tokenizer.eos_token + \"Once upon a time\", return_tensors=\"pt\").input_ids");
        Line("out = model.generate(ids, do_sample=True, max_new_tokens=200, pad_token_id=tokenizer.eos_token_id)");
        Line("print(tokenizer.decode(out[0], skip_special_tokens=True))");
        Line("```");
        Line();
        Line("The same folder works with sctok: `sctok generate --model FOLDER --prompt \"Once upon a time\"`, `sctok perplexity --model FOLDER stories.txt`.");
        return card.ToString();
    }
}
