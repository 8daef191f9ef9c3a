using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Battleship.Gateway.Hosting;

/// <summary>
/// Caps request bodies at <see cref="GatewayOptions.MaxRequestBodyBytes"/>: a declared length over
/// the cap is refused at once (413), and the server stops reading a body (chunked or not) at the cap.
/// </summary>
internal sealed class RequestBodyLimit(RequestDelegate next, IOptions<GatewayOptions> options)
{
    private readonly long _limit = options.Value.MaxRequestBodyBytes;

    public Task InvokeAsync(HttpContext context)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = _limit;
        }
        if (context.Request.ContentLength > _limit)
        {
            throw new BadHttpRequestException($"The request body is larger than {_limit} bytes.", StatusCodes.Status413PayloadTooLarge);
        }
        return next(context);
    }
}
