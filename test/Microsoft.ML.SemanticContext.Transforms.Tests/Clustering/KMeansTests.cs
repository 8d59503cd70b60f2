using Microsoft.ML.SemanticContext.Transforms.Clustering;

namespace Microsoft.ML.SemanticContext.Transforms.Tests.Clustering;

public class KMeansTests
{
    /// <summary>Points [n, d] around <paramref name="centres"/> (one blob per centre, round-robin) with Gaussian noise.</summary>
    internal static (float[] Points, int[] Blob) Blobs(float[][] centres, int n, double noise, int seed)
    {
        int d = centres[0].Length;
        var random = new Random(seed);
        var points = new float[n * d];
        var blob = new int[n];
        for (int i = 0; i < n; i++)
        {
            blob[i] = i % centres.Length;
            for (int j = 0; j < d; j++)
            {
                double g = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                points[i * d + j] = (float)(centres[blob[i]][j] + noise * g);
            }
        }
        return (points, blob);
    }

    static readonly float[][] ThreeCentres = [[10, 0, 0, 0], [0, 10, 0, 0], [0, 0, 10, 5]];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void FindsSeparableBlobs(bool miniBatch)
    {
        var (points, blob) = Blobs(ThreeCentres, 3000, 0.5, seed: 1);
        var result = KMeans.Fit(points, 3000, 4, new KMeansOptions { K = 3, Seed = 7, MiniBatch = miniBatch, MiniBatchSize = 256 });

        // Every blob maps to exactly one cluster, and the three clusters are different.
        var mapping = Enumerable.Range(0, 3).Select(b => result.Labels.Where((_, i) => blob[i] == b).Distinct().Single()).ToArray();
        Assert.Equal(3, mapping.Distinct().Count());
        for (int b = 0; b < 3; b++)
            for (int j = 0; j < 4; j++)
                Assert.Equal(ThreeCentres[b][j], result.Centroids[mapping[b] * 4 + j], 0.1);
        // Expected inertia ≈ n · d · noise² = 3000 · 4 · 0.25 = 3000.
        Assert.InRange(result.Inertia, 2700, 3300);
    }

    [Fact]
    public void LloydResultIsAFixedPointOfThePlainAlgorithm()
    {
        var (points, _) = Blobs([[0, 0], [3, 0], [0, 3], [3, 3], [1.5f, 1.5f]], 1000, 1.0, seed: 2);
        var result = KMeans.Fit(points, 1000, 2, new KMeansOptions { K = 5, Seed = 3, Tolerance = 0 });
        var (labels, inertia) = PlainAssign(points, 2, result.Centroids, 5);
        Assert.Equal(labels, result.Labels);
        Assert.Equal(inertia, result.Inertia, 1e-3);
        for (int c = 0; c < 5; c++)
        {
            var members = Enumerable.Range(0, 1000).Where(i => labels[i] == c).ToArray();
            for (int j = 0; j < 2; j++)
                Assert.Equal(members.Average(i => (double)points[i * 2 + j]), result.Centroids[c * 2 + j], 1e-4);
        }
    }

    [Fact]
    public void InertiaIsAtLeastAsGoodAsPlainLloydFromRandomStarts()
    {
        var (points, _) = Blobs([[0, 0, 0], [2, 0, 1], [0, 2, 2], [2, 2, 0], [1, 1, 1], [3, 1, 2]], 1200, 0.8, seed: 4);
        var ours = KMeans.Fit(points, 1200, 3, new KMeansOptions { K = 6, Seed = 5 });
        double plainBest = Enumerable.Range(0, 10).Min(s => PlainLloyd(points, 3, 6, new Random(s)));
        Assert.True(ours.Inertia <= plainBest * 1.01, $"ours {ours.Inertia}, plain Lloyd best of 10: {plainBest}");
    }

    [Fact]
    public void SameSeedGivesIdenticalCentroidsAndDifferentSeedsMayDiffer()
    {
        var (points, _) = Blobs([[0, 0], [1, 0], [0, 1], [1, 1]], 2000, 0.6, seed: 6);
        var options = new KMeansOptions { K = 4, Seed = 11, Restarts = 3 };
        var first = KMeans.Fit(points, 2000, 2, options);
        var second = KMeans.Fit(points, 2000, 2, options);
        Assert.Equal(first.Centroids, second.Centroids);
        Assert.Equal(first.Labels, second.Labels);
        Assert.Equal(first.Inertia, second.Inertia);
    }

    [Fact]
    public void AssignMatchesBruteForce()
    {
        var (points, _) = Blobs([[0, 0, 0], [1, 1, 1]], 700, 1.0, seed: 8);
        float[] centroids = [0, 0, 0, 1, 1, 1, -1, 2, 0];
        var labels = new int[700];
        var distances = new float[700];
        KMeans.Assign(points, 700, 3, centroids, 3, labels, distances);
        var (expected, _) = PlainAssign(points, 3, centroids, 3);
        Assert.Equal(expected, labels);
    }

    [Fact]
    public void MoreClustersThanPointsIsAClearError()
    {
        var error = Assert.Throws<ArgumentException>(() => KMeans.Fit(new float[6], 3, 2, new KMeansOptions { K = 4 }));
        Assert.Contains("k = 4", error.Message);
        Assert.Contains("there are 3", error.Message);
    }

    [Fact]
    public void NonFiniteInputNamesThePoint()
    {
        var points = new float[8];
        points[5] = float.NaN;
        var error = Assert.Throws<ArgumentException>(() => KMeans.Fit(points, 4, 2, new KMeansOptions { K = 2 }));
        Assert.Contains("point 2, feature 1", error.Message);
    }

    static (int[] Labels, double Inertia) PlainAssign(float[] x, int d, float[] centroids, int k)
    {
        int n = x.Length / d;
        var labels = new int[n];
        double inertia = 0;
        for (int i = 0; i < n; i++)
        {
            double best = double.PositiveInfinity;
            for (int c = 0; c < k; c++)
            {
                double sum = 0;
                for (int j = 0; j < d; j++) { double diff = x[i * d + j] - centroids[c * d + j]; sum += diff * diff; }
                if (sum < best) { best = sum; labels[i] = c; }
            }
            inertia += best;
        }
        return (labels, inertia);
    }

    /// <summary>Textbook Lloyd from k distinct random points, run to a fixed point; returns the inertia.</summary>
    static double PlainLloyd(float[] x, int d, int k, Random random)
    {
        int n = x.Length / d;
        var centroids = Enumerable.Range(0, n).OrderBy(_ => random.Next()).Take(k).SelectMany(i => x.Skip(i * d).Take(d)).ToArray();
        for (int iteration = 0; iteration < 300; iteration++)
        {
            var (labels, _) = PlainAssign(x, d, centroids, k);
            var next = new float[k * d];
            for (int c = 0; c < k; c++)
            {
                var members = Enumerable.Range(0, n).Where(i => labels[i] == c).ToArray();
                for (int j = 0; j < d; j++) next[c * d + j] = members.Length == 0 ? centroids[c * d + j] : (float)members.Average(i => x[i * d + j]);
            }
            if (next.SequenceEqual(centroids)) break;
            centroids = next;
        }
        return PlainAssign(x, d, centroids, k).Inertia;
    }
}
