namespace Microsoft.ML.SemanticContext.Corpus.Synthetic;

/// <summary>
/// The vocabulary and sentence templates of the synthetic corpus: per role, templates for its first and its second
/// sentence. Slots in braces are filled per story ({Name}, {He}/{he}, {His}/{his}, {him}, {Friend}, {toy}, ...).
/// Each role has several openers so that clustering must learn the role from content, not one fixed phrase.
/// </summary>
internal static class StoryTemplates
{
    public static readonly (string Name, bool Girl)[] Characters =
    [
        ("Mia", true), ("Lily", true), ("Anna", true), ("Lucy", true), ("Sara", true), ("Zoe", true), ("Ella", true),
        ("Rosa", true), ("Nora", true), ("Ivy", true), ("Ruby", true), ("Luna", true), ("Tom", false), ("Ben", false),
        ("Sam", false), ("Max", false), ("Tim", false), ("Leo", false), ("Jack", false), ("Finn", false), ("Eli", false),
        ("Owen", false), ("Kai", false), ("Theo", false),
    ];

    public static readonly string[] GirlKinds = ["little girl", "small bunny", "curious kitten", "tiny bird", "happy duck"];
    public static readonly string[] BoyKinds = ["little boy", "brave puppy", "young bear", "small frog", "clever fox"];
    public static readonly string[] Adjectives = ["kind", "happy", "curious", "brave", "shy", "funny", "gentle", "busy"];
    public static readonly string[] Homes = ["small house", "cozy cottage", "big farm", "little village", "green valley"];
    public static readonly string[] Nature = ["big forest", "quiet lake", "tall mountain", "sunny meadow"];
    public static readonly string[] Hobbies = ["sing songs", "draw pictures", "build sandcastles", "read books", "chase butterflies", "dance in the rain"];
    public static readonly string[] Toys = ["red ball", "blue kite", "teddy bear", "toy boat", "shiny rock", "yellow hat"];
    public static readonly string[] Traits = ["friendly", "helpful", "cheerful", "generous"];
    public static readonly string[] Places = ["park", "beach", "garden", "forest", "pond", "playground", "market"];
    public static readonly string[] Companions = ["mom", "dad", "grandma", "big sister", "little brother"];
    public static readonly string[] Weather = ["sunny", "warm", "windy", "bright", "cool"];
    public static readonly string[] Sights = ["pretty flowers", "tall trees", "busy ants", "colorful birds", "soft green grass"];
    public static readonly string[] Activities = ["play", "run and jump", "have a picnic", "look for bugs"];
    public static readonly string[] BadFeelings = ["sad", "scared", "worried", "upset"];
    public static readonly string[] Helpers = ["a kind old owl", "a friendly firefighter", "a wise turtle", "a gentle giant", "{his} mom"];
    public static readonly string[] Fixes =
    [
        "got the {toy} back", "found the way home", "waited under a tree until the rain stopped", "made everything better",
        "fixed the problem in no time",
    ];
    public static readonly string[] Problems =
    [
        "a strong wind blew {his} {toy} into a tall tree", "{his} {toy} fell into the deep river",
        "dark clouds came and it began to rain hard", "a big dog ran over and took {his} {toy}",
        "{Name} slipped on a wet stone and hurt {his} knee", "{Name} could not find the way home",
    ];

    /// <summary>Templates per role: [0] first sentence, [1] second sentence.</summary>
    public static readonly IReadOnlyDictionary<NarrativeRole, string[][]> Sentences = new Dictionary<NarrativeRole, string[][]>
    {
        [NarrativeRole.Introduction] =
        [
            [
                "Once upon a time, there was a {adj} {kind} named {Name}.",
                "There once was a {adj} {kind} called {Name}.",
                "Once upon a time, in a {home}, lived a {kind} named {Name}.",
                "{Name} was a {adj} {kind} who lived in a {home}.",
                "Long ago, a {adj} {kind} named {Name} lived near a {nature}.",
            ],
            [
                "{He} loved to {hobby} every day.",
                "{His} favorite thing in the world was {his} {toy}.",
                "{He} had a best friend named {Friend}.",
                "Everyone in the town knew {him} because {he} was so {trait}.",
                "{He} liked to {hobby} with {his} friend {Friend}.",
            ],
        ],
        [NarrativeRole.Setting] =
        [
            [
                "One day, {Name} went to the {place} with {his} {companion}.",
                "One {weather} morning, {Name} and {Friend} walked to the {place}.",
                "It was a {weather} day, so {Name} decided to visit the {place}.",
                "On a {weather} afternoon, {Name} took {his} {toy} to the {place}.",
            ],
            [
                "The {place} was full of {sights}, and the air smelled sweet.",
                "{He} saw {sights} everywhere and smiled.",
                "They wanted to {activity} there all day.",
                "\"What a nice day!\" {Name} said.",
            ],
        ],
        [NarrativeRole.Twist] =
        [
            [
                "Suddenly, {problem}.",
                "But then, {problem}.",
                "All of a sudden, {problem}.",
                "Just then, {problem}.",
            ],
            [
                "{Name} felt very {bad} and began to cry.",
                "\"Oh no!\" {Name} cried.",
                "{He} did not know what to do.",
                "{His} heart beat fast, and {he} felt {bad}.",
            ],
        ],
        [NarrativeRole.Resolution] =
        [
            [
                "Then, {helper} came to help.",
                "Luckily, {helper} saw what happened and helped {him}.",
                "After a while, {helper} had a good idea.",
                "{Friend} held {his} hand and said, \"Don't worry, we can fix it.\"",
            ],
            [
                "Together, they {fix}.",
                "Soon, everything was all right again.",
                "{Name} said, \"Thank you so much!\"",
                "With a little help, they {fix}.",
            ],
        ],
        [NarrativeRole.Ending] =
        [
            [
                "From that day on, {Name} was always careful.",
                "In the end, {Name} learned that friends help each other.",
                "{Name} went home happy and told {his} family all about it.",
                "The moral of the story is to never give up.",
            ],
            [
                "{He} smiled and hugged {his} {toy}.",
                "And they lived happily ever after.",
                "{Name} and {Friend} stayed best friends forever.",
                "That night, {he} slept with a big smile.",
            ],
        ],
    };
}
