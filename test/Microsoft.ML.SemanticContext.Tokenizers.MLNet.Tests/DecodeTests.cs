using System.Buffers;
using System.Text;

namespace Microsoft.ML.SemanticContext.Tokenizers.MLNet.Tests;

/// <summary>Decoding through the adapter: whole texts, and span by span into small buffers.</summary>
public class DecodeTests
{
    [Fact]
    public void DecodingIntoSmallBuffersRebuildsTheText()
    {
        // Lone surrogates decode as U+FFFD, so only well-formed texts can come back.
        foreach (var text in Gpt2.OddTexts.Where(t => Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(t)) == t).Append(RealStories.All().First().Text))
        {
            var ids = Gpt2.Adapter.EncodeToIds(text).ToArray();
            foreach (var size in new[] { 1, 2, 3, 7, 64 })
            {
                var rebuilt = new StringBuilder();
                var buffer = new char[size];
                for (var next = 0; next < ids.Length;)
                {
                    var status = Gpt2.Adapter.Decode(ids[next..], buffer, out var consumed, out var written);
                    Assert.Equal(next + consumed == ids.Length ? OperationStatus.Done : OperationStatus.DestinationTooSmall, status);
                    if (consumed == 0)
                    {
                        // Not even the next id's characters fit: a caller grows the buffer.
                        Assert.Equal(0, written);
                        buffer = new char[2 * buffer.Length];
                        continue;
                    }
                    Assert.Equal(Gpt2.Adapter.Decode(ids[next..(next + consumed)]), new string(buffer, 0, written));
                    rebuilt.Append(buffer, 0, written);
                    next += consumed;
                }
                Assert.Equal(text, rebuilt.ToString());
            }
        }
    }

    [Fact]
    public void IdsThatEndInsideACharacterNeedMoreData()
    {
        var ids = Gpt2.Adapter.EncodeToIds("a 😀").ToArray(); // the emoji's four bytes take several tokens
        Assert.True(ids.Length > 2);
        var cut = ids[..^1];
        // Independently: the longest prefix of the cut ids whose bytes are whole UTF-8 characters.
        var whole = Enumerable.Range(0, cut.Length + 1).Last(k => System.Text.Unicode.Utf8.IsValid(BytesOf(cut[..k])));
        Assert.True(whole < cut.Length);

        var buffer = new char[16];
        Assert.Equal(OperationStatus.NeedMoreData, Gpt2.Adapter.Decode(cut, buffer, out var consumed, out var written));
        Assert.Equal(whole, consumed);
        Assert.Equal(Encoding.UTF8.GetString(BytesOf(cut[..whole])), new string(buffer, 0, written));
        Assert.Equal(OperationStatus.Done, Gpt2.Adapter.Decode(ids, buffer, out consumed, out written));
        Assert.Equal((ids.Length, "a 😀"), (consumed, new string(buffer, 0, written)));
    }

    static byte[] BytesOf(int[] ids) => ids.SelectMany(id => Gpt2.Engine.GetTokenBytes(id).ToArray()).ToArray();

    [Fact]
    public void AnIdOutsideTheVocabularyIsInvalidDataAfterTheIdsBeforeIt()
    {
        var hello = Gpt2.Adapter.EncodeToIds("Hello world").ToArray();
        var buffer = new char[32];
        Assert.Equal(OperationStatus.InvalidData, Gpt2.Adapter.Decode([.. hello, 60_000], buffer, out var consumed, out var written));
        Assert.Equal((hello.Length, "Hello world"), (consumed, new string(buffer, 0, written)));
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Gpt2.Adapter.Decode([.. hello, 60_000]));
        Assert.Contains("60000", error.Message);
    }
}
