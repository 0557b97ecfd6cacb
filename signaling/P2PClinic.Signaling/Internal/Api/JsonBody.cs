using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Options;

namespace P2PClinic.Signaling.Internal.Api;

/// <summary>
/// Reads a JSON request body within a byte limit and a deadline. The framework's binder answers bad JSON with an empty
/// 400; this answers every failure with a problem body that says what was wrong, and never echoes the body back.
/// </summary>
internal static class JsonBody
{
    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(
        HttpRequest request, int maxBytes, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
        where T : class
    {
        var services = request.HttpContext.RequestServices;
        var timeout = services.GetRequiredService<IOptions<SignalingOptions>>().Value.BodyReadTimeout;
        // The whole body must be in by the deadline, however it trickles: a client that sends its headers and then
        // stalls (or drips a byte at a time) holds a connection and, on the claim route, a guess in flight.
        using var deadline = new CancellationTokenSource(timeout, services.GetRequiredService<TimeProvider>());
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            return await ReadWithinAsync(request, maxBytes, typeInfo, either.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // RFC 9110 section 15.5.9: the server closes the connection, whose unread rest of the body is garbage now.
            request.HttpContext.Response.Headers.Connection = "close";
            return (null, Problems.Of(
                StatusCodes.Status408RequestTimeout, Problems.BodyTimeout, "The body did not arrive in time.",
                $"The whole request body must arrive within {timeout.TotalSeconds:0.#} seconds of the request's headers."));
        }
    }

    private static async Task<(T? Value, IResult? Problem)> ReadWithinAsync<T>(
        HttpRequest request, int maxBytes, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
        where T : class
    {
        if (!request.HasJsonContentType())
        {
            return (null, Problems.Of(
                StatusCodes.Status415UnsupportedMediaType, Problems.UnsupportedMediaType, "The body must be JSON.",
                "Send the body with 'Content-Type: application/json'."));
        }

        if (request.ContentLength > maxBytes)
        {
            return (null, TooLarge(maxBytes));
        }

        var buffer = ArrayPool<byte>.Shared.Rent(maxBytes + 1);
        try
        {
            var length = 0;
            while (length <= maxBytes)
            {
                var read = await request.Body.ReadAsync(buffer.AsMemory(length, maxBytes + 1 - length), cancellationToken);
                if (read == 0)
                {
                    break;
                }

                length += read;
            }

            if (length > maxBytes)
            {
                return (null, TooLarge(maxBytes));
            }

            T? value;
            try
            {
                value = JsonSerializer.Deserialize(buffer.AsSpan(0, length), typeInfo);
            }
            catch (JsonException e)
            {
                // The message names the JSON path and position, never the content.
                return (null, Problems.Of(
                    StatusCodes.Status400BadRequest, Problems.InvalidBody, "The body is not the expected JSON object.",
                    $"The body is not valid JSON for this request (at {e.Path ?? "$"}, line {e.LineNumber}, byte {e.BytePositionInLine})."));
            }

            return value is null
                ? (null, Problems.Of(StatusCodes.Status400BadRequest, Problems.InvalidBody, "The body is not the expected JSON object.", "The body must be a JSON object."))
                : (value, null);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static IResult TooLarge(int maxBytes) =>
        Problems.Of(
            StatusCodes.Status413PayloadTooLarge, Problems.BodyTooLarge, "The body is too large.",
            $"This request's body may be at most {maxBytes} bytes.");
}
