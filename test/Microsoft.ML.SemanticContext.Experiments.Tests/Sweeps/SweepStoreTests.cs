using Microsoft.Data.Sqlite;
using Microsoft.ML.SemanticContext.Evaluators.Statistics;
using Microsoft.ML.SemanticContext.Experiments.Annotation;
using Microsoft.ML.SemanticContext.Experiments.Sweeps;

namespace Microsoft.ML.SemanticContext.Experiments.Tests.Sweeps;

public sealed class SweepStoreTests : IDisposable
{
    readonly string _folder = Directory.CreateTempSubdirectory("sweep-store-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    static TrialRecord Record(int id, TrialState state = TrialState.Pending) => new(id,
        new TrialConfiguration("1M", id == 0 ? null : new AnnotationConfig(2, 5 + id, Placement.Postpend)), 7, state, 0, null, null,
        new Dictionary<string, IReadOnlyList<PromptScore>>(), TrialRunner.FolderOf(id), null, TimeSpan.Zero);

    [Fact]
    public void TrialsRoundTripWithEveryField()
    {
        var store = SweepStore.CreateOrOpen(Path.Combine(_folder, "sweep.db"), [Record(0), Record(1)]);
        var finished = Record(1) with
        {
            State = TrialState.Finished, Steps = 54, ValidationNll = 4.25, Perplexity = 71.5, Error = null, WallTime = TimeSpan.FromSeconds(12.5),
            PromptScores = new Dictionary<string, IReadOnlyList<PromptScore>> { ["proxy"] = [new("p0", 0.25), new("p1", 0.5)] },
        };
        store.Save(finished, owner: "host:1");
        var back = SweepStore.Open(store.FilePath).Trials();
        Assert.Equal(2, back.Count);
        var pending = Record(0);
        Assert.Equal(pending, back[0] with { PromptScores = pending.PromptScores });
        Assert.Empty(back[0].PromptScores);
        var read = back[1];
        Assert.Equal(finished with { PromptScores = read.PromptScores }, read);
        Assert.Equal([new("p0", 0.25), new("p1", 0.5)], read.PromptScores["proxy"]);
        store.SaveRung(1, 0, 6, 4.5);
        Assert.Equal(4.5, store.RungFigures(0)[1]);
        Assert.Empty(store.RungFigures(1));
    }

    [Fact]
    public void ATrialLockIsTakenByOneClaimantAtATimeAndFreedOnRelease()
    {
        var path = Path.Combine(_folder, "trials", "003", ".lock");
        int winners = 0;
        var held = new List<LockFile>();
        Parallel.For(0, 32, _ =>
        {
            if (LockFile.TryTake(path) is { } taken)
            {
                Interlocked.Increment(ref winners);
                lock (held) held.Add(taken);
            }
        });
        Assert.Equal(1, winners);
        held.Single().Dispose();
        using var again = LockFile.TryTake(path);
        Assert.NotNull(again);
    }

    [Fact]
    public void ConcurrentWritersLoseNoUpdate()
    {
        var store = SweepStore.CreateOrOpen(Path.Combine(_folder, "sweep.db"), Enumerable.Range(0, 24).Select(i => Record(i)).ToList());
        Parallel.For(0, 24, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
            SweepStore.Open(store.FilePath).Save(Record(i, TrialState.Finished) with { Steps = i + 1 }, owner: $"task {i}"));
        var trials = store.Trials();
        Assert.Equal(Enumerable.Range(0, 24), trials.Select(t => t.Id));
        Assert.All(trials, t => Assert.Equal((TrialState.Finished, t.Id + 1), (t.State, t.Steps)));
    }

    [Fact]
    public void AFileThatIsNotSqliteIsRefusedAndLeftAsItIs()
    {
        var path = Path.Combine(_folder, "sweep.db");
        var bytes = "not a database, a user's notes\n"u8.ToArray();
        File.WriteAllBytes(path, bytes);
        var error = Assert.Throws<InvalidDataException>(() => SweepStore.CreateOrOpen(path, [Record(0)]));
        Assert.Contains(path, error.Message);
        Assert.Contains("not an SQLite file", error.Message);
        Assert.Equal(bytes, File.ReadAllBytes(path));
    }

    [Fact]
    public void AnotherApplicationsDatabaseIsRefusedAndLeftAsItIs()
    {
        var path = Path.Combine(_folder, "sweep.db");
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('keep me');";
            command.ExecuteNonQuery();
        }
        var bytes = File.ReadAllBytes(path);
        var error = Assert.Throws<InvalidDataException>(() => SweepStore.CreateOrOpen(path, [Record(0)]));
        Assert.Contains(path, error.Message);
        Assert.Contains("another application", error.Message);
        Assert.Equal(bytes, File.ReadAllBytes(path));
    }

    [Fact]
    public void ACorruptSweepDatabaseIsRefusedAndLeftAsItIs()
    {
        var path = Path.Combine(_folder, "sweep.db");
        SweepStore.CreateOrOpen(path, Enumerable.Range(0, 50).Select(i => Record(i)).ToList());
        var bytes = File.ReadAllBytes(path);
        // Keep the 100-byte header (a valid SQLite file at first sight) and overwrite the pages after it.
        new Random(1).NextBytes(bytes.AsSpan(100, bytes.Length - 100));
        File.WriteAllBytes(path, bytes);
        var error = Assert.Throws<InvalidDataException>(() => SweepStore.CreateOrOpen(path, [Record(0)]));
        Assert.Contains(path, error.Message);
        Assert.Equal(bytes, File.ReadAllBytes(path));
    }
}
