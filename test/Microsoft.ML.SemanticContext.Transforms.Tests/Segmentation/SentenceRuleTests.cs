namespace Microsoft.ML.SemanticContext.Transforms.Tests.Segmentation;

/// <summary>Hand-checked sentence boundaries for what children's stories contain ('|' separates expected sentences).</summary>
public class SentenceRuleTests
{
    [Theory]
    // Dialogue: a lower-case word after the closing quote continues the sentence; a new quotation starts one.
    [InlineData("\"Can I trust you?\" the mouse asked. The cat nodded.", "\"Can I trust you?\" the mouse asked.|The cat nodded.")]
    [InlineData("\"Yes!\" said Tom. \"Let's go.\"", "\"Yes!\" said Tom.|\"Let's go.\"")]
    [InlineData("\"Thank you!\" Lily said with a big smile. They played.", "\"Thank you!\" Lily said with a big smile.|They played.")]
    [InlineData("\"Hello,\" said Mr. Fox. \"How are you?\"", "\"Hello,\" said Mr. Fox.|\"How are you?\"")]
    [InlineData("Tom said, \"Let's race!\" Sue said, \"Ok!\"", "Tom said, \"Let's race!\"|Sue said, \"Ok!\"")]
    [InlineData("\"Help!\" Tom and Sue ran to the park.", "\"Help!\"|Tom and Sue ran to the park.")]
    [InlineData("She said, \"I am happy.\" Then she left.", "She said, \"I am happy.\"|Then she left.")]
    [InlineData("\"I am fine.\" she said. They ate.", "\"I am fine.\" she said.|They ate.")]
    [InlineData("'Hello!' said the cat. 'Hi!' said the dog.", "'Hello!' said the cat.|'Hi!' said the dog.")]
    [InlineData("“Yes!” said Tom. “Let’s go.” “Can I come?” the cat asked.", "“Yes!” said Tom.|“Let’s go.”|“Can I come?” the cat asked.")]
    [InlineData("\"Look!\" Tom said, \"a bird!\" Sue looked up.", "\"Look!\"|Tom said, \"a bird!\"|Sue looked up.")]
    // Abbreviations.
    [InlineData("Mr. Brown met Mrs. Green at the store. They talked.", "Mr. Brown met Mrs. Green at the store.|They talked.")]
    [InlineData("Dr. Lee lives on Main St. near the park. He is kind.", "Dr. Lee lives on Main St. near the park.|He is kind.")]
    [InlineData("They walked down Oak St. The shop was closed.", "They walked down Oak St.|The shop was closed.")]
    [InlineData("It was 5 p.m. when they left. It was dark.", "It was 5 p.m. when they left.|It was dark.")]
    [InlineData("She counted to 5. Then she ran.", "She counted to 5.|Then she ran.")]
    [InlineData("Mrs. Smith's cat saw Dr. Lee.", "Mrs. Smith's cat saw Dr. Lee.")]
    // Ellipses, "?!", repeated marks.
    [InlineData("Lily waited... and waited. Then she smiled.", "Lily waited... and waited.|Then she smiled.")]
    [InlineData("Lily waited… Then she smiled.", "Lily waited…|Then she smiled.")]
    [InlineData("What?! You ate it all? Tom laughed.", "What?!|You ate it all?|Tom laughed.")]
    [InlineData("Wow!!! That is big.", "Wow!!!|That is big.")]
    // Closing quotes and brackets belong to the sentence they close.
    [InlineData("(He was very tired.) So he slept.", "(He was very tired.)|So he slept.")]
    [InlineData("He whispered, \"Wait...\" Then he ran.", "He whispered, \"Wait...\"|Then he ran.")]
    [InlineData("She sang “La la la!” The birds sang too.", "She sang “La la la!”|The birds sang too.")]
    // Paragraph breaks always end a sentence, punctuation or not.
    [InlineData("Once upon a time\nthere was a cat", "Once upon a time|there was a cat")]
    [InlineData("The end.\n\nA new day began.", "The end.|A new day began.")]
    [InlineData("  The dog barked.  ", "The dog barked.")]
    public void Splits_like_a_person_would(string text, string expected) =>
        Assert.Equal(expected.Split('|'), TrainedSegmenter.SplitSentences(text));
}
