using System.Numerics.Tensors;
using Microsoft.ML.SemanticContext.Numerics;

namespace Microsoft.ML.SemanticContext.Transforms.Clustering;

/// <summary>Settings of one K-Means fit (see <see cref="KMeans.Fit"/>).</summary>
public sealed record KMeansOptions
{
    /// <summary>Number of clusters.</summary>
    public int K { get; init; } = 5;

    /// <summary>Independent k-means++ initialisations; the run with the lowest inertia wins (scikit-learn's n_init).</summary>
    public int Restarts { get; init; } = 10;

    /// <summary>Lloyd iterations per restart; in mini-batch mode, passes over the data's worth of batches.</summary>
    public int MaxIterations { get; init; } = 300;

    /// <summary>Convergence threshold relative to the data: stop when the total squared centroid shift is at most
    /// <c>Tolerance · mean per-feature variance</c> (as scikit-learn does).</summary>
    public double Tolerance { get; init; } = 1e-4;

    /// <summary>Sculley's mini-batch K-Means instead of full Lloyd iterations (for corpora of millions of chunks).</summary>
    public bool MiniBatch { get; init; }

    /// <summary>Points per mini-batch step.</summary>
    public int MiniBatchSize { get; init; } = 1024;

    public int Seed { get; init; }
}

/// <summary>A fitted clustering: centroids [K, Dimension] row-major, a label per point and the inertia.</summary>
public sealed record KMeansResult(float[] Centroids, int K, int Dimension, int[] Labels, double Inertia, int Iterations, int BestRestart);

/// <summary>
/// K-Means with k-means++ seeding and restarts, the full-batch Lloyd algorithm or mini-batch updates.
/// Points are rows of a row-major matrix X[n, d]. Squared distances use ‖x‖² − 2 x·c + ‖c‖² with the x·c
/// products from <see cref="Gemm.Sgemm"/> on blocks of rows; blocks are assigned and summed while in cache, in
/// parallel over fixed row shards whose partial sums are reduced in shard order, so results depend only on the seed, never on thread timing.
/// </summary>
public static class KMeans
{
    /// <summary>Rows per SGEMM call: X_block is 1 MB at d = 256, so it is still in L2 while it is assigned and summed.</summary>
    const int BlockRows = 1024;

    /// <summary>Lloyd partial sums are kept per shard (a fixed range of rows) and added in shard order.</summary>
    const int MaxShards = 32;

    /// <summary>Fits K-Means; <paramref name="cancellation"/> is checked once per seeding step, iteration and mini-batch.</summary>
    public static KMeansResult Fit(float[] points, int n, int d, KMeansOptions options, CancellationToken cancellation = default)
    {
        Validate(points, n, d, options);
        var rowNorms = RowSquaredNorms(points, n, d);
        double tolerance = options.Tolerance * MeanFeatureVariance(points, n, d);
        var seeds = new Random(options.Seed);
        var randoms = Enumerable.Range(0, options.Restarts).Select(_ => new Random(seeds.Next())).ToArray();
        var results = options.MiniBatch
            ? randoms.Select((random, restart) => RunMiniBatch(points, n, d, rowNorms, options, tolerance, random, restart, cancellation)).ToArray()
            : RunLloyd(points, n, d, rowNorms, options, tolerance, randoms, cancellation);
        // The lowest inertia wins; ties go to the earliest restart.
        return results.Aggregate((best, next) => next.Inertia < best.Inertia ? next : best);
    }

    /// <summary>Nearest centroid of each point: labels[n] and their squared distances[n].</summary>
    public static void Assign(float[] points, int n, int d, float[] centroids, int k, int[] labels, float[] squaredDistances)
    {
        var rowNorms = RowSquaredNorms(points, n, d);
        var centroidNorms = RowSquaredNorms(centroids, k, d);
        int shards = ShardCount(n);
        Parallel.For(0, shards, s =>
        {
            var (start, end) = ShardRange(n, shards, s);
            AssignShard(points, d, rowNorms, centroids, centroidNorms, 1, k, start, end, [labels], [squaredDistances], null, null);
        });
    }

    /// <summary>Σ‖x_i − c_label(i)‖², computed from differences (not the expansion) so it is exact to float rounding.</summary>
    public static double Inertia(float[] points, int n, int d, float[] centroids, int[] labels)
    {
        int shards = ShardCount(n);
        var partial = new double[shards];
        Parallel.For(0, shards, s =>
        {
            var (start, end) = ShardRange(n, shards, s);
            double sum = 0;
            for (int i = start; i < end; i++)
            {
                float distance = TensorPrimitives.Distance(points.AsSpan(i * d, d), centroids.AsSpan(labels[i] * d, d));
                sum += (double)distance * distance;
            }
            partial[s] = sum;
        });
        return partial.Sum();
    }

    static void Validate(float[] points, int n, int d, KMeansOptions options)
    {
        if (options.K < 1) throw new ArgumentOutOfRangeException(nameof(options), $"K-Means needs k ≥ 1, but k = {options.K}.");
        if (n < options.K) throw new ArgumentException($"K-Means with k = {options.K} needs at least {options.K} points, but there are {n}.");
        if (d < 1) throw new ArgumentException($"K-Means needs points of dimension ≥ 1, but the dimension is {d}.");
        if ((long)n * d != points.Length) throw new ArgumentException($"K-Means input has {points.Length} values, not n·d = {n}·{d}.");
        if (options.Restarts < 1) throw new ArgumentOutOfRangeException(nameof(options), $"K-Means needs at least 1 restart, but Restarts = {options.Restarts}.");
        if (options.MaxIterations < 1) throw new ArgumentOutOfRangeException(nameof(options), $"K-Means needs MaxIterations ≥ 1, but it is {options.MaxIterations}.");
        if (options.Tolerance < 0) throw new ArgumentOutOfRangeException(nameof(options), $"K-Means tolerance must be ≥ 0, but it is {options.Tolerance}.");
        if (options.MiniBatch && options.MiniBatchSize < 1) throw new ArgumentOutOfRangeException(nameof(options), $"Mini-batch size must be ≥ 1, but it is {options.MiniBatchSize}.");
        for (int i = 0; i < points.Length; i++)
            if (!float.IsFinite(points[i])) throw new ArgumentException($"K-Means input point {i / d}, feature {i % d} is {points[i]}; all values must be finite.");
    }

    // ---- Lloyd ---------------------------------------------------------------------------------------------

    /// <summary>
    /// Lloyd's algorithm from one k-means++ start per <paramref name="randoms"/> entry. The restarts advance in lock
    /// step so that each pass over X serves all of them (one SGEMM against the stacked centroids of every restart
    /// still running); each restart follows exactly the steps it would alone and stops on its own convergence.
    /// </summary>
    static KMeansResult[] RunLloyd(float[] x, int n, int d, float[] rowNorms, KMeansOptions options, double tolerance, Random[] randoms,
        CancellationToken cancellation)
    {
        int k = options.K, runs = randoms.Length;
        var centroids = randoms.Select(random => KMeansPlusPlus(x, n, d, rowNorms, k, random, cancellation)).ToArray();
        var labels = new int[runs][];
        var previous = new int[runs][];
        var distances = new float[runs][];
        var iterations = new int[runs];
        var strictlyConverged = new bool[runs];
        for (int r = 0; r < runs; r++)
        {
            labels[r] = new int[n];
            previous[r] = new int[n];
            distances[r] = new float[n];
            Array.Fill(previous[r], -1);
        }
        var running = Enumerable.Range(0, runs).ToList();
        while (running.Count > 0)
        {
            cancellation.ThrowIfCancellationRequested();
            var updated = LloydStep(x, n, d, rowNorms, [.. running.Select(r => centroids[r])], k,
                [.. running.Select(r => labels[r])], [.. running.Select(r => distances[r])]);
            var stillRunning = new List<int>();
            for (int a = 0; a < running.Count; a++)
            {
                int r = running[a];
                iterations[r]++;
                double shift = 0;
                for (int i = 0; i < updated[a].Length; i++) { double delta = updated[a][i] - centroids[r][i]; shift += delta * delta; }
                centroids[r] = updated[a];
                if (labels[r].AsSpan().SequenceEqual(previous[r])) { strictlyConverged[r] = true; continue; }
                if (shift <= tolerance || iterations[r] >= options.MaxIterations) continue;
                labels[r].CopyTo(previous[r], 0);
                stillRunning.Add(r);
            }
            running = stillRunning;
        }
        var results = new KMeansResult[runs];
        for (int r = 0; r < runs; r++)
        {
            // The labels belong to the centroids before the last update; re-assign unless nothing moved.
            if (!strictlyConverged[r]) Assign(x, n, d, centroids[r], k, labels[r], distances[r]);
            results[r] = new KMeansResult(centroids[r], k, d, labels[r], Inertia(x, n, d, centroids[r], labels[r]), iterations[r], r);
        }
        return results;
    }

    /// <summary>
    /// One Lloyd iteration for each of several centroid sets [k, d]: assigns every point to its nearest centroid of
    /// each set (labels and squared distances per set) and returns each set's cluster means.
    /// </summary>
    static float[][] LloydStep(float[] x, int n, int d, float[] rowNorms, float[][] centroidSets, int k, int[][] labels, float[][] distances)
    {
        int groups = centroidSets.Length, m = groups * k;
        var stacked = new float[m * d]; // [groups · k, d]
        for (int g = 0; g < groups; g++) centroidSets[g].CopyTo(stacked, g * k * d);
        var stackedNorms = RowSquaredNorms(stacked, m, d);
        int shards = ShardCount(n);
        var sums = new float[shards][];
        var counts = new int[shards][];
        Parallel.For(0, shards, s =>
        {
            var (start, end) = ShardRange(n, shards, s);
            sums[s] = new float[m * d];
            counts[s] = new int[m];
            AssignShard(x, d, rowNorms, stacked, stackedNorms, groups, k, start, end, labels, distances, sums[s], counts[s]);
        });
        var total = new double[m * d];
        var totalCounts = new long[m];
        for (int s = 0; s < shards; s++)
        {
            for (int j = 0; j < total.Length; j++) total[j] += sums[s][j];
            for (int c = 0; c < m; c++) totalCounts[c] += counts[s][c];
        }
        var updated = new float[groups][];
        for (int g = 0; g < groups; g++)
        {
            updated[g] = new float[k * d];
            var taken = new HashSet<int>();
            for (int c = 0; c < k; c++)
            {
                int row = g * k + c;
                if (totalCounts[row] == 0)
                {
                    // An empty cluster restarts at the point worst served by the current centroids (scikit-learn's relocation).
                    int far = FarthestPoint(distances[g], taken);
                    taken.Add(far);
                    x.AsSpan(far * d, d).CopyTo(updated[g].AsSpan(c * d, d));
                    continue;
                }
                for (int j = 0; j < d; j++) updated[g][c * d + j] = (float)(total[row * d + j] / totalCounts[row]);
            }
        }
        return updated;
    }

    static int FarthestPoint(float[] distances, HashSet<int> taken)
    {
        int best = -1;
        for (int i = 0; i < distances.Length; i++)
            if (!taken.Contains(i) && (best < 0 || distances[i] > distances[best])) best = i;
        return best;
    }

    // ---- Mini-batch ------------------------------------------------------------------------------------------

    static KMeansResult RunMiniBatch(float[] x, int n, int d, float[] rowNorms, KMeansOptions options, double tolerance, Random random, int restart,
        CancellationToken cancellation)
    {
        int k = options.K;
        int batch = Math.Min(options.MiniBatchSize, n);
        // Seed on a random subset of 3 batches (scikit-learn's init_size) so initialisation stays cheap on huge corpora.
        int initSize = Math.Min(n, Math.Max(3 * batch, k));
        var initRows = SampleRows(x, n, d, initSize, random, withReplacement: false);
        var centroids = KMeansPlusPlus(initRows, initSize, d, RowSquaredNorms(initRows, initSize, d), k, random, cancellation);

        long steps = Math.Max(1, (long)options.MaxIterations * n / batch);
        var counts = new double[k];
        var batchRows = new float[batch * d];
        var batchLabels = new int[batch];
        var batchDistances = new float[batch];
        double smoothedInertia = double.NaN, bestSmoothed = double.PositiveInfinity;
        int stepsWithoutImprovement = 0, step = 0;
        const int patience = 10;
        while (step < steps)
        {
            cancellation.ThrowIfCancellationRequested();
            step++;
            var indices = new int[batch];
            for (int b = 0; b < batch; b++)
            {
                indices[b] = random.Next(n);
                x.AsSpan(indices[b] * d, d).CopyTo(batchRows.AsSpan(b * d, d));
            }
            Assign(batchRows, batch, d, centroids, k, batchLabels, batchDistances);
            var previous = (float[])centroids.Clone();
            // Per-centroid learning rate 1/count: each centroid is the running mean of every point it has received.
            for (int b = 0; b < batch; b++)
            {
                int c = batchLabels[b];
                counts[c]++;
                float rate = (float)(1.0 / counts[c]);
                var centroid = centroids.AsSpan(c * d, d);
                for (int j = 0; j < d; j++) centroid[j] += rate * (batchRows[b * d + j] - centroid[j]);
            }
            double shift = 0;
            for (int i = 0; i < centroids.Length; i++) { double delta = centroids[i] - previous[i]; shift += delta * delta; }
            if (tolerance > 0 && shift <= tolerance) break;
            double batchInertia = batchDistances.Sum(v => (double)Math.Max(v, 0f)) / batch;
            double alpha = Math.Min(1.0, batch * 2.0 / (n + 1));
            smoothedInertia = double.IsNaN(smoothedInertia) ? batchInertia : smoothedInertia * (1 - alpha) + batchInertia * alpha;
            if (smoothedInertia < bestSmoothed) { bestSmoothed = smoothedInertia; stepsWithoutImprovement = 0; }
            else if (++stepsWithoutImprovement >= patience) break;
        }
        var labels = new int[n];
        Assign(x, n, d, centroids, k, labels, new float[n]);
        return new KMeansResult(centroids, k, d, labels, Inertia(x, n, d, centroids, labels), step, restart);
    }

    static float[] SampleRows(float[] x, int n, int d, int count, Random random, bool withReplacement)
    {
        var rows = new float[count * d];
        if (count == n && !withReplacement) { Array.Copy(x, rows, rows.Length); return rows; }
        var order = Enumerable.Range(0, n).ToArray();
        for (int i = 0; i < count; i++)
        {
            int j = i + random.Next(n - i); // partial Fisher–Yates: the first `count` entries are a uniform sample
            (order[i], order[j]) = (order[j], order[i]);
            x.AsSpan(order[i] * d, d).CopyTo(rows.AsSpan(i * d, d));
        }
        return rows;
    }

    // ---- k-means++ -------------------------------------------------------------------------------------------

    /// <summary>
    /// Greedy k-means++ (Arthur & Vassilvitskii, as in scikit-learn): each new centroid is the best of 2 + ⌊ln k⌋
    /// candidates drawn with probability proportional to the squared distance to the nearest chosen centroid.
    /// </summary>
    static float[] KMeansPlusPlus(float[] x, int n, int d, float[] rowNorms, int k, Random random, CancellationToken cancellation)
    {
        var centroids = new float[k * d];
        int trials = 2 + (int)Math.Log(k);
        int first = random.Next(n);
        x.AsSpan(first * d, d).CopyTo(centroids);
        var closest = new float[n];
        SquaredDistances(x, n, d, rowNorms, centroids.AsSpan(0, d).ToArray(), 1, closest);
        double potential = closest.Sum(v => (double)v);
        var cumulative = new double[n];
        var candidateRows = new float[trials * d];
        var candidateDistances = new float[n * trials];
        for (int c = 1; c < k; c++)
        {
            cancellation.ThrowIfCancellationRequested();
            double running = 0;
            for (int i = 0; i < n; i++) { running += closest[i]; cumulative[i] = running; }
            var candidates = new int[trials];
            for (int t = 0; t < trials; t++)
            {
                double target = random.NextDouble() * potential;
                int index = Array.BinarySearch(cumulative, target);
                if (index < 0) index = ~index;
                candidates[t] = Math.Min(index, n - 1);
                x.AsSpan(candidates[t] * d, d).CopyTo(candidateRows.AsSpan(t * d, d));
            }
            SquaredDistances(x, n, d, rowNorms, candidateRows, trials, candidateDistances);
            int bestTrial = 0;
            double bestPotential = double.PositiveInfinity;
            for (int t = 0; t < trials; t++)
            {
                double sum = 0;
                for (int i = 0; i < n; i++) sum += Math.Min(closest[i], candidateDistances[i * trials + t]);
                if (sum < bestPotential) { bestPotential = sum; bestTrial = t; }
            }
            for (int i = 0; i < n; i++) closest[i] = Math.Min(closest[i], candidateDistances[i * trials + bestTrial]);
            potential = bestPotential;
            candidateRows.AsSpan(bestTrial * d, d).CopyTo(centroids.AsSpan(c * d, d));
        }
        return centroids;
    }

    // ---- distance kernels ------------------------------------------------------------------------------------

    /// <summary>
    /// Dot products of the rows [start, start + rows) of X with every centre, block by block so the block is still in
    /// cache when it is assigned and summed (X is read from memory once per iteration). For few centres the product is
    /// taken as C[m, d] · X_blockᵀ → [m, rows], the short-and-wide shape SGEMM handles without padding m up to a
    /// register tile; otherwise as X_block · Cᵀ → [rows, m].
    /// </summary>
    sealed class BlockDots(int m)
    {
        const int CentreMajorUpTo = 8;
        readonly float[] _values = new float[BlockRows * m];
        readonly bool _centreMajor = m <= CentreMajorUpTo;
        int _rows;

        public void Compute(float[] x, int start, int rows, int d, float[] centres)
        {
            _rows = rows;
            var block = x.AsSpan(start * d, rows * d);
            if (_centreMajor) Gemm.Sgemm(Transpose.No, Transpose.Yes, m, rows, d, 1f, centres, d, block, d, 0f, _values, rows);
            else Gemm.Sgemm(Transpose.No, Transpose.Yes, rows, m, d, 1f, block, d, centres, d, 0f, _values, m);
        }

        /// <summary>x_(start + row) · c_centre.</summary>
        public float this[int row, int centre] => _centreMajor ? _values[centre * _rows + row] : _values[row * m + centre];
    }

    /// <summary>output[n, m] = ‖x_i − c_j‖² for centres c[m, d], clamped at 0 against rounding.</summary>
    static void SquaredDistances(float[] x, int n, int d, float[] rowNorms, float[] centres, int m, float[] output)
    {
        var centreNorms = RowSquaredNorms(centres, m, d);
        int shards = ShardCount(n);
        Parallel.For(0, shards, s =>
        {
            var (start, end) = ShardRange(n, shards, s);
            var dots = new BlockDots(m);
            for (int blockStart = start; blockStart < end; blockStart += BlockRows)
            {
                int rows = Math.Min(BlockRows, end - blockStart);
                dots.Compute(x, blockStart, rows, d, centres);
                for (int r = 0; r < rows; r++)
                    for (int j = 0; j < m; j++)
                        output[(blockStart + r) * m + j] = Math.Max(0f, rowNorms[blockStart + r] - 2f * dots[r, j] + centreNorms[j]);
            }
        });
    }

    /// <summary>
    /// Assigns rows [start, end) to their nearest centroid within each of <paramref name="groups"/> sets of k centroids,
    /// stacked as [groups · k, d] (labels and squared distances per set) and, when <paramref name="sums"/> is given,
    /// adds each row into its centroid's sum [groups · k, d] and count.
    /// </summary>
    static void AssignShard(float[] x, int d, float[] rowNorms, float[] centroids, float[] centroidNorms, int groups, int k, int start, int end,
        int[][] labels, float[][] distances, float[]? sums, int[]? counts)
    {
        var dots = new BlockDots(groups * k);
        for (int blockStart = start; blockStart < end; blockStart += BlockRows)
        {
            int rows = Math.Min(BlockRows, end - blockStart);
            dots.Compute(x, blockStart, rows, d, centroids);
            for (int r = 0; r < rows; r++)
            {
                int i = blockStart + r;
                for (int g = 0; g < groups; g++)
                {
                    int best = 0;
                    float bestDistance = float.PositiveInfinity;
                    for (int c = 0; c < k; c++)
                    {
                        float distance = centroidNorms[g * k + c] - 2f * dots[r, g * k + c]; // ‖x − c‖² − ‖x‖²
                        if (distance < bestDistance) { bestDistance = distance; best = c; }
                    }
                    labels[g][i] = best;
                    distances[g][i] = Math.Max(0f, bestDistance + rowNorms[i]);
                    if (sums is null) continue;
                    int row = g * k + best;
                    counts![row]++;
                    TensorPrimitives.Add(sums.AsSpan(row * d, d), x.AsSpan(i * d, d), sums.AsSpan(row * d, d));
                }
            }
        }
    }

    static float[] RowSquaredNorms(float[] x, int n, int d)
    {
        var norms = new float[n];
        for (int i = 0; i < n; i++)
        {
            var row = x.AsSpan(i * d, d);
            norms[i] = TensorPrimitives.Dot(row, row);
        }
        return norms;
    }

    static double MeanFeatureVariance(float[] x, int n, int d)
    {
        var mean = new double[d];
        var meanSquare = new double[d];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++)
            {
                double v = x[i * d + j];
                mean[j] += v;
                meanSquare[j] += v * v;
            }
        double total = 0;
        for (int j = 0; j < d; j++)
        {
            double m = mean[j] / n;
            total += Math.Max(0, meanSquare[j] / n - m * m);
        }
        return total / d;
    }

    static int BlockCount(int n) => (n + BlockRows - 1) / BlockRows;

    static int ShardCount(int n) => Math.Clamp(BlockCount(n), 1, MaxShards);

    /// <summary>Rows of shard s: whole blocks, so the shard layout depends only on n.</summary>
    static (int Start, int End) ShardRange(int n, int shards, int s)
    {
        int blocks = BlockCount(n);
        int firstBlock = (int)((long)blocks * s / shards), endBlock = (int)((long)blocks * (s + 1) / shards);
        return (firstBlock * BlockRows, Math.Min(n, endBlock * BlockRows));
    }
}
