using Microsoft.ML.Data;
using Microsoft.ML.SemanticContext.Data;
using Microsoft.ML.SemanticContext.Numerics;

namespace Microsoft.ML.SemanticContext.Core.Tests;

/// <summary>The context carries seed, log, threads and progress; the catalogs reach it.</summary>
public class ContextTests
{
    [Fact]
    public void CatalogsReachTheContextsOwnEnvironmentAndSettings()
    {
        var a = new MLContext(seed: 1);
        var b = new MLContext(seed: 1);
        a.ComputeThreads = 1;
        b.ComputeThreads = 2;
        Assert.Same(ContextSettings.Of(a), ContextSettings.Of(a.Transforms.SemanticContext.Environment));
        Assert.Equal(1, ContextSettings.Of(a.Transforms.SemanticContext.Environment).Threads);
        Assert.Equal(2, ContextSettings.Of(b.Transforms.SemanticContext.Environment).Threads);
        Assert.Throws<InvalidOptionException>(() => a.ComputeThreads = 0);
        Assert.Equal(ComputeSettings.Default.Backend, a.ComputeBackend);
    }

    [Fact]
    public void ComponentMessagesReachMLContextLog()
    {
        var ml = new MLContext(seed: 1);
        var messages = new List<string>();
        ml.Log += (_, e) => { if (e.Kind == Runtime.ChannelMessageKind.Info) lock (messages) messages.Add(e.RawMessage); };
        new ComponentHost(ml.Transforms.SemanticContext.Environment, "Probe").Log("fitted {0} rows"); // braces stay literal
        Assert.Contains("fitted {0} rows", messages);
    }

    [Fact]
    public void SeedsFollowTheContextsSeed()
    {
        int[] Seeds(int seed)
        {
            var env = new MLContext(seed).Transforms.SemanticContext.Environment;
            return [new ComponentHost(env, "a").NextSeed(), new ComponentHost(env, "b").NextSeed()];
        }
        Assert.Equal(Seeds(5), Seeds(5));
        Assert.NotEqual(Seeds(5), Seeds(6));
    }

    [Fact]
    public void MappingRunsWithinTheContextsThreadBudget()
    {
        var ml = new MLContext(seed: 1) { ComputeThreads = 1 };
        var seen = new System.Collections.Concurrent.ConcurrentBag<int>();
        var stage = new ThreadProbe(ml, seen);
        _ = stage.Transform(ml.Data.LoadFromTexts(Enumerable.Range(0, 600).Select(i => i.ToString()))).GetColumn<string>("probe").ToList();
        Assert.Equal([1], seen.Distinct());
    }

    sealed class ThreadProbe(Runtime.IHostEnvironment env, System.Collections.Concurrent.ConcurrentBag<int> seen)
        : Mapping.RowMappingTransformer(env, "probe")
    {
        public override StageColumns Columns { get; } = new("probe", [new(ColumnNames.Text, StoryColumnKind.Text)], [new("probe", StoryColumnKind.Text)]);

        protected override void MapRow(object[] inputs, object[] outputs, long row)
        {
            seen.Add(Parallelism.MaxThreads);
            outputs[0] = inputs[0];
        }

        public override void Save(Model.StageWriter writer) { }
    }

    [Fact]
    public void CorpusLoadsAsAStreamingTextColumn()
    {
        var path = Path.Combine(TestPaths.TempDir(), "stories.txt");
        File.WriteAllText(path, "One story.\n<|endoftext|>\nTwo story.\n<|endoftext|>\n");
        var ml = new MLContext();
        var data = ml.Data.LoadCorpus(path);
        Assert.IsType<TextDataViewType>(data.Schema[ColumnNames.Text].Type);
        Assert.Equal(["One story.", "Two story."], data.GetColumn<string>(ColumnNames.Text));
        Assert.Equal(["One story.", "Two story."], ml.Data.CreateEnumerable<Story>(data, reuseRowObject: false).Select(s => s.Text));
    }

    [Fact]
    public void AGpuRequestIsRefusedWithoutFallbackAndRunsOnTheCpuWithIt()
    {
        var ml = new MLContext(seed: 1) { GpuDeviceId = 0 };
        var data = ml.Data.LoadFromTexts(["a b"]);
        // The stage holds the environment behind ml.Transforms, not the MLContext: the device is read from there.
        var stage = new ThreadProbe(ml.Transforms.SemanticContext.Environment, []);
        var refused = Assert.Throws<InvalidOperationException>(() => stage.Transform(data).GetColumn<string>("probe").ToList());
        Assert.Contains("ml.FallbackToCpu", refused.Message);

        ml.FallbackToCpu = true;
        var messages = new List<string>();
        ml.LogInfoTo(messages.Add);
        var fallback = new ThreadProbe(ml.Transforms.SemanticContext.Environment, []);
        Assert.Equal(["a b"], fallback.Transform(data).GetColumn<string>("probe"));
        Assert.Contains(messages, m => m.Contains("GPU 0 requested; running on the CPU"));
    }
}
