using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Microsoft.ML.SemanticContext.Testing;

/// <summary>One chat-completions request as the loopback server saw it.</summary>
/// <param name="Index">0-based arrival order.</param>
/// <param name="Messages">(role, content) pairs of the request body.</param>
/// <param name="Authorization">The Authorization header as sent (tests use it to inject a server that echoes secrets).</param>
public sealed record LoopbackChatRequest(int Index, string Model, IReadOnlyList<(string Role, string Content)> Messages, string Authorization)
{
    public string LastUserMessage => Messages.LastOrDefault(m => m.Role == "user").Content ?? "";
}

/// <summary>What the loopback server answers: a chat completion, or a fault to inject.</summary>
/// <param name="Status">HTTP status; 200 sends <see cref="Content"/> as a chat.completion.</param>
/// <param name="Delay">Held before answering, to provoke client timeouts.</param>
/// <param name="RetryAfter">Sent as a Retry-After header (whole seconds) on error replies.</param>
/// <param name="ErrorBody">Body of an error reply (OpenAI error JSON by default).</param>
public sealed record LoopbackReply(int Status, string Content = "", TimeSpan Delay = default, TimeSpan? RetryAfter = null, string? ErrorBody = null)
{
    public static LoopbackReply Chat(string content, TimeSpan delay = default) => new(200, content, delay);
    public static LoopbackReply Error(int status, TimeSpan? retryAfter = null, string? body = null) => new(status, RetryAfter: retryAfter, ErrorBody: body);
}

/// <summary>
/// An OpenAI-compatible chat-completions server on 127.0.0.1 (random free port) for tests and benchmarks:
/// answers POST /v1/chat/completions through a responder that can inject faults (429 with Retry-After,
/// 5xx, slow replies, ungraded text) and counts requests and the most requests in flight at once.
/// </summary>
public sealed class LoopbackChatServer : IAsyncDisposable
{
    readonly HttpListener listener;
    readonly Func<LoopbackChatRequest, LoopbackReply> responder;
    readonly Task acceptLoop;
    int requestCount, inFlight, maxInFlight;

    /// <param name="responder">Chooses each reply; defaults to <see cref="TinyStoriesJudge"/>.</param>
    public LoopbackChatServer(Func<LoopbackChatRequest, LoopbackReply>? responder = null)
    {
        this.responder = responder ?? TinyStoriesJudge;
        (listener, Port) = StartOnFreePort();
        acceptLoop = AcceptAsync();
    }

    public int Port { get; }

    /// <summary>Base URL to give the OpenAI client, e.g. http://127.0.0.1:41234/v1.</summary>
    public Uri BaseUrl => new($"http://127.0.0.1:{Port}/v1");

    public int RequestCount => Volatile.Read(ref requestCount);

    public int MaxInFlight => Volatile.Read(ref maxInFlight);

    /// <summary>
    /// A well-behaved judge: a short assessment for turn 1 and, for turn 2, grades derived from a stable hash
    /// of the conversation (so a given completion always gets the same grades, each in 1–10).
    /// </summary>
    public static LoopbackReply TinyStoriesJudge(LoopbackChatRequest request)
    {
        if (request.Messages.Count(m => m.Role == "user") < 2)
            return LoopbackReply.Chat("The completion is mostly grammatical and follows the beginning, though the ending is abrupt.");
        var g = GradesFor(request.Messages[0].Content);
        return LoopbackReply.Chat($"Grammar: {g.Grammar}/10\nCreativity: {g.Creativity}/10\nConsistency: {g.Consistency}/10\nPlot: {g.Plot}/10");
    }

    /// <summary>The grades <see cref="TinyStoriesJudge"/> gives for a turn-1 message.</summary>
    public static (int Grammar, int Creativity, int Consistency, int Plot) GradesFor(string firstMessage)
    {
        // FNV-1a: stable across processes, unlike string.GetHashCode.
        uint h = 2166136261;
        foreach (var ch in firstMessage) h = (h ^ ch) * 16777619;
        return ((int)(1 + h % 10), (int)(1 + (h / 10) % 10), (int)(1 + (h / 100) % 10), (int)(1 + (h / 1000) % 10));
    }

    static (HttpListener, int) StartOnFreePort()
    {
        // Ask the OS for a free port, then bind it; another process can take it in between, so try again then.
        for (var attempt = 0; ; attempt++)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            var http = new HttpListener();
            http.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                http.Start();
                return (http, port);
            }
            catch (HttpListenerException) when (attempt < 20)
            {
                http.Close();
            }
        }
    }

    async Task AcceptAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            _ = Task.Run(() => HandleAsync(context));
        }
    }

    async Task HandleAsync(HttpListenerContext context)
    {
        var now = Interlocked.Increment(ref inFlight);
        for (var seen = Volatile.Read(ref maxInFlight); now > seen; seen = Volatile.Read(ref maxInFlight))
            if (Interlocked.CompareExchange(ref maxInFlight, now, seen) == seen) break;
        try
        {
            var response = context.Response;
            if (context.Request.HttpMethod != "POST" || context.Request.Url?.AbsolutePath != "/v1/chat/completions")
            {
                await SendAsync(response, 404, """{"error":{"message":"not found","type":"invalid_request_error"}}""").ConfigureAwait(false);
                return;
            }
            var index = Interlocked.Increment(ref requestCount) - 1;
            string body;
            using (var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8))
                body = await reader.ReadToEndAsync().ConfigureAwait(false);
            var request = Parse(index, body, context.Request.Headers["Authorization"] ?? "");
            var reply = responder(request);
            if (reply.Delay > TimeSpan.Zero) await Task.Delay(reply.Delay).ConfigureAwait(false);
            if (reply.Status == 200)
            {
                await SendAsync(response, 200, CompletionJson(index, request.Model, reply.Content)).ConfigureAwait(false);
                return;
            }
            if (reply.RetryAfter is { } wait) response.AddHeader("Retry-After", ((int)Math.Ceiling(wait.TotalSeconds)).ToString());
            var error = reply.ErrorBody ?? JsonSerializer.Serialize(new { error = new { message = $"injected HTTP {reply.Status}", type = "server_error" } });
            await SendAsync(response, reply.Status, error).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or IOException)
        {
            // The client gave up (e.g. its timeout fired during an injected delay): nothing left to answer.
        }
        finally
        {
            Interlocked.Decrement(ref inFlight);
        }
    }

    static LoopbackChatRequest Parse(int index, string body, string authorization)
    {
        using var doc = JsonDocument.Parse(body);
        var root = doc.RootElement;
        var model = root.TryGetProperty("model", out var m) ? m.GetString() ?? "" : "";
        var messages = new List<(string, string)>();
        foreach (var message in root.GetProperty("messages").EnumerateArray())
        {
            var content = message.GetProperty("content");
            // Content is a string, or an array of parts ({"type":"text","text":...}) depending on the client.
            var text = content.ValueKind == JsonValueKind.String
                ? content.GetString()!
                : string.Concat(content.EnumerateArray().Select(p => p.TryGetProperty("text", out var t) ? t.GetString() : ""));
            messages.Add((message.GetProperty("role").GetString()!, text));
        }
        return new LoopbackChatRequest(index, model, messages, authorization);
    }

    static string CompletionJson(int index, string model, string content) => JsonSerializer.Serialize(new
    {
        id = $"chatcmpl-loopback-{index}",
        @object = "chat.completion",
        created = 1_700_000_000,
        model,
        choices = new[] { new { index = 0, message = new { role = "assistant", content }, finish_reason = "stop" } },
        usage = new { prompt_tokens = 1, completion_tokens = 1, total_tokens = 2 },
    });

    static async Task SendAsync(HttpListenerResponse response, int status, string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        response.StatusCode = status;
        response.ContentType = "application/json";
        response.ContentLength64 = bytes.Length;
        await response.OutputStream.WriteAsync(bytes).ConfigureAwait(false);
        response.Close();
    }

    public async ValueTask DisposeAsync()
    {
        listener.Stop();
        listener.Close();
        await acceptLoop.ConfigureAwait(false);
    }
}
