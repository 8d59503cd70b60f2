namespace Microsoft.ML.SemanticContext.Evaluators.Judge;

/// <summary>
/// Refuses judge replies larger than a bound before they are read into memory: a declared Content-Length over it
/// fails at once, and a body without one (chunked) fails as soon as more than the bound has arrived.
/// </summary>
internal sealed class BoundedReplyHandler(long maxBytes) : DelegatingHandler(new SocketsHttpHandler())
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.Content.Headers.ContentLength > maxBytes)
        {
            var declared = response.Content.Headers.ContentLength;
            response.Dispose();
            throw new JudgeReplyTooLargeException($"the reply declares {declared:N0} bytes, more than the {maxBytes:N0} accepted");
        }
        var bounded = new StreamContent(new BoundedStream(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), maxBytes));
        foreach (var header in response.Content.Headers) bounded.Headers.TryAddWithoutValidation(header.Key, header.Value);
        response.Content = bounded;
        return response;
    }

    /// <summary>Reads through to the inner stream and throws once more than the bound has been read.</summary>
    sealed class BoundedStream(Stream inner, long maxBytes) : Stream
    {
        long read;

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        int Count(int n)
        {
            read += n;
            if (read > maxBytes) throw new JudgeReplyTooLargeException($"the reply is longer than the {maxBytes:N0} bytes accepted");
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => read; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}

/// <summary>A judge reply over <see cref="LlmJudgeOptions.MaxReplyBytes"/>; an <see cref="IOException"/> so transports pass it on as a read failure.</summary>
internal sealed class JudgeReplyTooLargeException(string message) : IOException(message);
