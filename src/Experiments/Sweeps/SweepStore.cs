using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Microsoft.ML.SemanticContext.Experiments.Sweeps;

/// <summary>
/// The sweep database, one SQLite file (<c>sweep.db</c>): one row per trial with its configuration, seed, state, steps,
/// metrics and artefact folder (the whole <see cref="TrialRecord"/> as JSON beside the columns queries use). The file is
/// marked with its own <c>application_id</c> and <c>user_version</c>, so a foreign, corrupt or newer file is refused,
/// naming it, and never written to. Every call opens its own connection and writes in an immediate transaction, so
/// several processes on one machine share the file (SQLite waits up to a minute for a lock); on network file systems,
/// where SQLite's locks are unsafe, each trial's result file is the record (<see cref="TrialResultFile"/>).
/// </summary>
public sealed class SweepStore
{
    /// <summary>"SCSW" in ASCII: SQLite's header field for the application that owns the file.</summary>
    public const int ApplicationId = 0x53435357;
    public const int SchemaVersion = 1;
    public const string FileName = "sweep.db";

    SweepStore(string path) => FilePath = path;

    public string FilePath { get; }

    public static string PathIn(string sweepFolder) => Path.Combine(sweepFolder, FileName);

    /// <summary>Creates the database with <paramref name="trials"/> (built aside and renamed into place); an existing file is opened instead, untouched.</summary>
    public static SweepStore CreateOrOpen(string path, IReadOnlyList<TrialRecord> trials)
    {
        if (File.Exists(path)) return Open(path);
        var temp = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, $".{Path.GetFileName(path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var connection = Connect(temp, SqliteOpenMode.ReadWriteCreate))
            {
                Execute(connection, $"""
                    PRAGMA application_id = {ApplicationId};
                    PRAGMA user_version = {SchemaVersion};
                    CREATE TABLE trials (
                        id INTEGER PRIMARY KEY,
                        configuration TEXT NOT NULL,
                        seed INTEGER NOT NULL,
                        state TEXT NOT NULL,
                        steps INTEGER NOT NULL,
                        validation_nll REAL,
                        perplexity REAL,
                        folder TEXT NOT NULL,
                        error TEXT,
                        wall_seconds REAL NOT NULL,
                        owner TEXT,
                        updated TEXT NOT NULL,
                        record TEXT NOT NULL);
                    CREATE TABLE rungs (
                        trial INTEGER NOT NULL,
                        rung INTEGER NOT NULL,
                        steps INTEGER NOT NULL,
                        validation_nll REAL,
                        PRIMARY KEY (trial, rung));
                    """);
                using var transaction = connection.BeginTransaction();
                foreach (var trial in trials) Upsert(connection, transaction, trial, owner: null);
                transaction.Commit();
            }
            SqliteConnection.ClearAllPools();
            // Another process may have planned the same sweep meanwhile: the first file stays, this one goes.
            try { File.Move(temp, path, overwrite: false); }
            catch (IOException) when (File.Exists(path)) { }
        }
        finally
        {
            File.Delete(temp);
        }
        return Open(path);
    }

    /// <summary>Opens an existing sweep database, refusing (and leaving as it is) any file that is not one.</summary>
    public static SweepStore Open(string path)
    {
        path = Path.GetFullPath(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"'{path}' does not exist; plan the sweep first (sctok sweep plan).", path);
        var header = new byte[16];
        using (var file = File.OpenRead(path))
            if (file.ReadAtLeast(header, 16, throwOnEndOfStream: false) < 16 || Encoding.ASCII.GetString(header) != "SQLite format 3\0")
                throw new InvalidDataException($"'{path}' is not a sweep database: it is not an SQLite file. It was left as it is; use another folder.");
        try
        {
            using var connection = Connect(path, SqliteOpenMode.ReadWrite);
            long application = Scalar<long>(connection, "PRAGMA application_id");
            if (application != ApplicationId)
                throw new InvalidDataException($"'{path}' is an SQLite database of another application (application_id {application}, a sweep database has {ApplicationId}). It was left as it is; use another folder.");
            long version = Scalar<long>(connection, "PRAGMA user_version");
            if (version != SchemaVersion)
                throw new InvalidDataException($"'{path}' is a sweep database of format {version}; this sctok reads format {SchemaVersion}. It was left as it is.");
            var check = Scalar<string>(connection, "PRAGMA quick_check");
            if (check != "ok") throw new InvalidDataException($"'{path}' is a corrupt sweep database ({check}). It was left as it is.");
        }
        catch (SqliteException e)
        {
            throw new InvalidDataException($"'{path}' is not a readable sweep database ({e.Message.TrimEnd('.')}). It was left as it is; use another folder.", e);
        }
        return new SweepStore(path);
    }

    public IReadOnlyList<TrialRecord> Trials()
    {
        using var connection = Connect(FilePath, SqliteOpenMode.ReadWrite);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT record FROM trials ORDER BY id";
        using var reader = command.ExecuteReader();
        var trials = new List<TrialRecord>();
        while (reader.Read()) trials.Add(TrialRecordJson.Parse(reader.GetString(0), $"{FilePath}: trial {trials.Count}"));
        return trials;
    }

    public TrialRecord Trial(int id) => Trials().SingleOrDefault(t => t.Id == id)
        ?? throw new InvalidInputException($"'{FilePath}' has no trial {id}; its trials are 0 to {Trials().Count - 1}.");

    /// <summary>Writes a trial's row; <paramref name="owner"/> (host:pid) says which process runs it.</summary>
    public void Save(TrialRecord trial, string? owner)
    {
        using var connection = Connect(FilePath, SqliteOpenMode.ReadWrite);
        using var transaction = connection.BeginTransaction(deferred: false);
        Upsert(connection, transaction, trial, owner);
        transaction.Commit();
    }

    /// <summary>
    /// Records the validation figure a trial reached at a halving rung. Promotions are decided on these alone, so a
    /// sweep resumed after some trials went on to later rungs takes the same decisions again.
    /// </summary>
    public void SaveRung(int trial, int rung, int steps, double? validationNll)
    {
        using var connection = Connect(FilePath, SqliteOpenMode.ReadWrite);
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT OR REPLACE INTO rungs (trial, rung, steps, validation_nll) VALUES ($trial, $rung, $steps, $nll)";
        command.Parameters.AddWithValue("$trial", trial);
        command.Parameters.AddWithValue("$rung", rung);
        command.Parameters.AddWithValue("$steps", steps);
        command.Parameters.AddWithValue("$nll", (object?)validationNll ?? DBNull.Value);
        command.ExecuteNonQuery();
    }

    /// <summary>The figure of every trial that reached <paramref name="rung"/>, by trial id.</summary>
    public IReadOnlyDictionary<int, double?> RungFigures(int rung)
    {
        using var connection = Connect(FilePath, SqliteOpenMode.ReadWrite);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT trial, validation_nll FROM rungs WHERE rung = $rung";
        command.Parameters.AddWithValue("$rung", rung);
        using var reader = command.ExecuteReader();
        var figures = new Dictionary<int, double?>();
        while (reader.Read()) figures[reader.GetInt32(0)] = reader.IsDBNull(1) ? null : reader.GetDouble(1);
        return figures;
    }

    static void Upsert(SqliteConnection connection, SqliteTransaction transaction, TrialRecord trial, string? owner)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO trials (id, configuration, seed, state, steps, validation_nll, perplexity, folder, error, wall_seconds, owner, updated, record)
            VALUES ($id, $configuration, $seed, $state, $steps, $nll, $perplexity, $folder, $error, $wall, $owner, $updated, $record)
            ON CONFLICT(id) DO UPDATE SET configuration = excluded.configuration, seed = excluded.seed, state = excluded.state,
                steps = excluded.steps, validation_nll = excluded.validation_nll, perplexity = excluded.perplexity, folder = excluded.folder,
                error = excluded.error, wall_seconds = excluded.wall_seconds, owner = excluded.owner, updated = excluded.updated, record = excluded.record
            """;
        command.Parameters.AddWithValue("$id", trial.Id);
        command.Parameters.AddWithValue("$configuration", trial.Configuration.Name);
        command.Parameters.AddWithValue("$seed", trial.Seed);
        command.Parameters.AddWithValue("$state", trial.State.ToString());
        command.Parameters.AddWithValue("$steps", trial.Steps);
        command.Parameters.AddWithValue("$nll", (object?)trial.ValidationNll ?? DBNull.Value);
        command.Parameters.AddWithValue("$perplexity", (object?)trial.Perplexity ?? DBNull.Value);
        command.Parameters.AddWithValue("$folder", trial.Folder);
        command.Parameters.AddWithValue("$error", (object?)trial.Error ?? DBNull.Value);
        command.Parameters.AddWithValue("$wall", trial.WallTime.TotalSeconds);
        command.Parameters.AddWithValue("$owner", (object?)owner ?? DBNull.Value);
        command.Parameters.AddWithValue("$updated", DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$record", TrialRecordJson.Write(trial));
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// No pooling: a connection left open would keep the file busy for the next process; a minute's wait for a lock.
    /// Read-write even to read: a process killed inside a write leaves a journal that the next reader must roll back.
    /// </summary>
    static SqliteConnection Connect(string path, SqliteOpenMode mode)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path, Mode = mode, Pooling = false, DefaultTimeout = 60,
        }.ToString());
        connection.Open();
        return connection;
    }

    static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    static T Scalar<T>(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (T)Convert.ChangeType(command.ExecuteScalar()!, typeof(T), CultureInfo.InvariantCulture);
    }
}
