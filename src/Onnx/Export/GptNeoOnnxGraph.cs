using Microsoft.ML.SemanticContext.Trainers;

namespace Microsoft.ML.SemanticContext.Onnx.Export;

/// <summary>
/// The GPT-Neo forward pass of <see cref="GptNeoModel"/> as an ONNX graph, computed as the C# model computes it:
/// learned positions, pre-LayerNorm blocks, attention scores q·kᵀ without 1/√d scaling, a causal mask and, in local
/// layers, keys j with i − window &lt; j ≤ i only (i, j indices in the whole sequence, cached keys included), fp32
/// softmax, the gelu_new MLP, and the LM head (the token embedding when tied). Weights are the model's own buffer
/// slices under their Hugging Face names, [out, in] as Gemm with transB = 1 reads them, so nothing is transposed.
/// <para>Without a cache: input_ids [batch, sequence] → logits [batch, sequence, vocab], positions 0…sequence−1.</para>
/// <para>With a cache (Hugging Face Optimum's decoder layout): input_ids [batch, sequence], attention_mask
/// [batch, past + sequence] (0 = padding, never attended to), position_ids [batch, sequence], and per layer
/// past_key_values.{i}.key/value [batch, heads, past, head size] → logits and present.{i}.key/value
/// [batch, heads, past + sequence, head size]. A past of length 0 makes it the prefill.</para>
/// </summary>
public static class GptNeoOnnxGraph
{
    public const string InputIds = "input_ids", AttentionMask = "attention_mask", PositionIds = "position_ids", Logits = "logits";

    public static string PastKey(int layer) => $"past_key_values.{layer}.key";
    public static string PastValue(int layer) => $"past_key_values.{layer}.value";
    public static string PresentKey(int layer) => $"present.{layer}.key";
    public static string PresentValue(int layer) => $"present.{layer}.value";

    const string Batch = "batch", Sequence = "sequence", Past = "past_sequence", Total = "past_sequence + sequence";

    internal static OnnxGraph Build(GptNeoModel model, bool withPast)
    {
        var cfg = model.Config;
        int C = cfg.HiddenSize, H = cfg.Heads, d = cfg.HeadSize, V = cfg.VocabularySize;
        var g = new OnnxGraph(withPast ? "gpt_neo_decoder_with_past" : "gpt_neo");
        string Weight(string name)
        {
            var t = model.Layout.TryGet(name, out var found) ? found : throw new InvalidOperationException($"GPT-Neo has no tensor named '{name}'.");
            return g.Weight(name, model.Parameters.AsMemory((int)t.Offset, (int)t.Size), t.Shape.Select(s => (long)s).ToArray());
        }

        string ids = g.Input(InputIds, OnnxType.Int64, Batch, Sequence);
        string? mask = withPast ? g.Input(AttentionMask, OnnxType.Int64, Batch, Total) : null;
        string? positionIds = withPast ? g.Input(PositionIds, OnnxType.Int64, Batch, Sequence) : null;
        var past = withPast
            ? Enumerable.Range(0, cfg.Layers).Select(l => (Key: g.Input(PastKey(l), OnnxType.Float, Batch, H, Past, d), Value: g.Input(PastValue(l), OnnxType.Float, Batch, H, Past, d))).ToArray()
            : null;

        string wte = Weight("transformer.wte.weight");
        string wpe = Weight("transformer.wpe.weight");
        string idsShape = g.Node("Shape", [ids]);                                             // [2]: B, S
        string S = g.Node("Gather", [idsShape, g.Int64s([1], scalar: true)]);                  // scalar
        string P = past is null ? g.Int64s([0], scalar: true) : g.Node("Gather", [g.Node("Shape", [past[0].Key]), g.Int64s([2], scalar: true)]);
        string T = g.Node("Add", [P, S]);

        // Embeddings: token rows plus position rows (0…S−1 without a cache, position_ids with one), as rows [B·S, C].
        string positions = positionIds ?? g.Node("Range", [g.Int64s([0], scalar: true), S, g.Int64s([1], scalar: true)]);
        string x = g.Node("Add", [g.Node("Gather", [wte, ids]), g.Node("Gather", [wpe, positions])]);
        x = g.Node("Reshape", [x, g.Int64s([-1, C])]);

        // Which keys each query may see, [S, T] (or [B, 1, S, T] with the padding mask): query i sits at P + i.
        string queryIndex = g.Node("Unsqueeze", [g.Node("Range", [P, T, g.Int64s([1], scalar: true)]), g.Int64s([1])]);
        string keyIndex = g.Node("Unsqueeze", [g.Node("Range", [g.Int64s([0], scalar: true), T, g.Int64s([1], scalar: true)]), g.Int64s([0])]);
        string distance = g.Node("Sub", [queryIndex, keyIndex]);                               // i − j
        string causal = g.Node("GreaterOrEqual", [distance, g.Int64s([0], scalar: true)]);
        string local = g.Node("And", [causal, g.Node("Less", [distance, g.Int64s([cfg.WindowSize], scalar: true)])]);
        if (mask is not null)
        {
            string keep = g.Node("Cast", [g.Node("Unsqueeze", [mask, g.Int64s([1, 2])])], [new("to", Int: (long)OnnxType.Bool)]);  // [B, 1, 1, T]
            causal = g.Node("And", [causal, keep]);
            local = g.Node("And", [local, keep]);
        }
        // Masked scores become the lowest float, so exp() of them is exactly 0 after softmax subtracts the row maximum.
        string masked = g.Scalar(float.MinValue);
        string headShape = g.Node("Concat", [idsShape, g.Int64s([H, d])], [new("axis", Int: 0)]);  // [B, S, H, d]
        string rows = g.Int64s([-1, C]);
        var transB = new OnnxGraph.Attribute("transB", Int: 1);
        var layerNormAttributes = new OnnxGraph.Attribute[] { new("axis", Int: -1), new("epsilon", Float: cfg.LayerNormEpsilon) };
        string LayerNorm(string input, string prefix) =>
            g.Node("LayerNormalization", [input, Weight(prefix + ".weight"), Weight(prefix + ".bias")], layerNormAttributes);
        string Linear(string input, string prefix, bool bias) =>
            g.Node("Gemm", bias ? [input, Weight(prefix + ".weight"), Weight(prefix + ".bias")] : [input, Weight(prefix + ".weight")], [transB]);
        string Heads(string rowsInput) =>                                                       // [B·S, C] → [B, H, S, d]
            g.Node("Transpose", [g.Node("Reshape", [rowsInput, headShape])], [new("perm", Ints: [0, 2, 1, 3])]);

        for (int l = 0; l < cfg.Layers; l++)
        {
            string p = $"transformer.h.{l}.", a = p + "attn.attention.";
            string ln1 = LayerNorm(x, p + "ln_1");
            string q = Heads(Linear(ln1, a + "q_proj", bias: false));
            string k = Heads(Linear(ln1, a + "k_proj", bias: false));
            string v = Heads(Linear(ln1, a + "v_proj", bias: false));
            if (past is not null)
            {
                k = g.Node("Concat", [past[l].Key, k], [new("axis", Int: 2)], PresentKey(l));  // [B, H, P + S, d]
                v = g.Node("Concat", [past[l].Value, v], [new("axis", Int: 2)], PresentValue(l));
            }
            string scores = g.Node("MatMul", [q, g.Node("Transpose", [k], [new("perm", Ints: [0, 1, 3, 2])])]);  // [B, H, S, T]
            scores = g.Node("Where", [cfg.AttentionLayers[l] == AttentionKind.Local ? local : causal, scores, masked]);
            string attention = g.Node("Softmax", [scores], [new("axis", Int: -1)]);
            string y = g.Node("MatMul", [attention, v]);                                        // [B, H, S, d]
            y = g.Node("Reshape", [g.Node("Transpose", [y], [new("perm", Ints: [0, 2, 1, 3])]), rows]);
            string residual = g.Node("Add", [x, Linear(y, a + "out_proj", bias: true)]);
            string fc = Linear(LayerNorm(residual, p + "ln_2"), p + "mlp.c_fc", bias: true);     // [B·S, F]
            x = g.Node("Add", [residual, Linear(GeluNew(g, fc), p + "mlp.c_proj", bias: true)]);
        }
        string head = cfg.TieWordEmbeddings ? wte : Weight(GptNeoParameterLayout.OutputHeadName);
        string logits = g.Node("Gemm", [LayerNorm(x, "transformer.ln_f"), head], [transB]);    // [B·S, V]
        g.Node("Reshape", [logits, g.Node("Concat", [idsShape, g.Int64s([V])], [new("axis", Int: 0)])], output: Logits);
        g.Output(Logits, OnnxType.Float, Batch, Sequence, V);
        for (int l = 0; past is not null && l < cfg.Layers; l++)
        {
            g.Output(PresentKey(l), OnnxType.Float, Batch, H, Total, d);
            g.Output(PresentValue(l), OnnxType.Float, Batch, H, Total, d);
        }
        return g;
    }

    /// <summary>gelu_new(x) = 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))), as <see cref="Numerics.Gelu"/> computes it.</summary>
    static string GeluNew(OnnxGraph g, string x)
    {
        string cube = g.Node("Mul", [g.Node("Mul", [x, x]), x]);
        string inner = g.Node("Mul", [g.Node("Add", [x, g.Node("Mul", [cube, g.Scalar(0.044715f)])]), g.Scalar(0.7978845608028654f)]);
        return g.Node("Mul", [g.Node("Mul", [x, g.Scalar(0.5f)]), g.Node("Add", [g.Node("Tanh", [inner]), g.Scalar(1f)])]);
    }
}
