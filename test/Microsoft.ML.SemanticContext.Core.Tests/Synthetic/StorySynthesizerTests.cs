using Microsoft.ML.SemanticContext.Corpus;
using Microsoft.ML.SemanticContext.Corpus.Synthetic;
using Xunit;

namespace Microsoft.ML.SemanticContext.Core.Tests.Synthetic;

public class StorySynthesizerTests
{
    [Fact]
    public void Same_seed_gives_the_same_stories_and_another_seed_other_stories()
    {
        var a = StorySynthesizer.Generate(50, seed: 7).Select(s => s.Text).ToList();
        var b = StorySynthesizer.Generate(50, seed: 7).Select(s => s.Text).ToList();
        var c = StorySynthesizer.Generate(50, seed: 8).Select(s => s.Text).ToList();
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void Every_story_has_two_sentences_per_role_in_role_order()
    {
        var expected = Enum.GetValues<NarrativeRole>().SelectMany(r => new[] { r, r }).ToArray();
        foreach (var story in StorySynthesizer.Generate(200, seed: 1))
        {
            Assert.Equal(expected, story.Roles);
            Assert.Equal(10, story.Sentences.Count);
            Assert.All(story.Sentences, s => Assert.DoesNotContain("{", s));
            Assert.All(story.Sentences, s => Assert.Matches("[.!?]\"?$", s));
        }
    }

    [Fact]
    public void Text_is_the_sentences_joined_by_a_space_or_a_paragraph_break()
    {
        foreach (var story in StorySynthesizer.Generate(200, seed: 2))
        {
            var rebuilt = new System.Text.StringBuilder(story.Sentences[0]);
            int at = story.Sentences[0].Length;
            for (int i = 1; i < story.Sentences.Count; i++)
            {
                char separator = story.Text[at];
                Assert.True(separator == ' ' || (separator == '\n' && i % 2 == 0), $"separator before sentence {i} is '{separator}'");
                rebuilt.Append(separator).Append(story.Sentences[i]);
                at += 1 + story.Sentences[i].Length;
            }
            Assert.Equal(story.Text, rebuilt.ToString());
        }
    }

    [Fact]
    public void Stories_vary_enough_to_make_clustering_non_trivial()
    {
        var stories = StorySynthesizer.Generate(500, seed: 3);
        Assert.True(stories.Select(s => s.Text).Distinct().Count() == 500);
        foreach (var role in Enum.GetValues<NarrativeRole>())
        {
            var openers = stories.SelectMany(s => s.Sentences.Where((_, i) => s.Roles[i] == role))
                .Select(s => string.Join(' ', s.Split(' ').Take(2))).Distinct().Count();
            Assert.True(openers >= 4, $"{role}: only {openers} distinct sentence openers");
        }
        Assert.Contains(stories, s => s.Text.Contains('"'));
        Assert.Contains(stories, s => s.Text.Contains('\n'));
    }

    [Fact]
    public void WriteCorpus_writes_a_tinystories_file_and_a_roles_sidecar_that_read_back()
    {
        var dir = Directory.CreateTempSubdirectory("synth");
        try
        {
            var path = Path.Combine(dir.FullName, "stories.txt");
            StorySynthesizer.WriteCorpus(path, 30, seed: 5);
            var written = StorySynthesizer.Generate(30, seed: 5);
            Assert.Equal(CorpusFormat.EndOfTextSeparated, CorpusFormats.Detect(path));
            Assert.Equal(written.Select(s => s.Text), CorpusReader.Read(path).Select(s => s.Text));
            var roles = NarrativeRoles.Read(path);
            Assert.Equal(30, roles.Count);
            for (int i = 0; i < 30; i++)
            {
                Assert.Equal(written[i].Sentences, roles[i].Sentences);
                Assert.Equal(written[i].Roles, roles[i].Roles);
            }
            Assert.Equal(roles.Count, NarrativeRoles.Read(NarrativeRoles.SidecarPath(path)).Count);

            var bytes = File.ReadAllBytes(path);
            var sidecar = File.ReadAllBytes(NarrativeRoles.SidecarPath(path));
            StorySynthesizer.WriteCorpus(path, 30, seed: 5);
            Assert.Equal(bytes, File.ReadAllBytes(path));
            Assert.Equal(sidecar, File.ReadAllBytes(NarrativeRoles.SidecarPath(path)));
            Assert.Equal(2, dir.GetFiles().Length); // no temporary files left behind
        }
        finally { dir.Delete(recursive: true); }
    }

    [Fact]
    public void A_sidecar_line_with_mismatched_arrays_is_reported_with_its_line()
    {
        var dir = Directory.CreateTempSubdirectory("synth");
        try
        {
            var sidecar = Path.Combine(dir.FullName, "x.txt.roles.jsonl");
            File.WriteAllText(sidecar, "{\"sentences\":[\"A.\"],\"roles\":[\"Introduction\"]}\n{\"sentences\":[\"A.\",\"B.\"],\"roles\":[\"Twist\"]}\n");
            var error = Assert.Throws<CorpusFormatException>(() => NarrativeRoles.Read(sidecar));
            Assert.Contains("x.txt.roles.jsonl:2", error.Message);
            Assert.Contains("2 sentences but 1 roles", error.Message);
            Assert.Throws<FileNotFoundException>(() => NarrativeRoles.Read(Path.Combine(dir.FullName, "missing.txt")));
        }
        finally { dir.Delete(recursive: true); }
    }
}
