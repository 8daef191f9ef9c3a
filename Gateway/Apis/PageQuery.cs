using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;

namespace Battleship.Gateway.Apis;

/// <summary>
/// The <c>page</c> and <c>pageSize</c> query parameters of every list endpoint (bound with
/// <c>[AsParameters]</c>), checked by <see cref="Paging"/>'s rules.
/// </summary>
/// <remarks>
/// Settable properties, not a positional record: a validation attribute on a constructor parameter
/// bound with <c>[AsParameters]</c> makes the OpenAPI document fail (dotnet/aspnetcore#65348).
/// </remarks>
internal readonly struct PageQuery
{
    [FromQuery(Name = "page")]
    public int? Page { get; init; }

    [FromQuery(Name = "pageSize")]
    [Range(1, Limits.MaxPageSize)]
    public int? PageSize { get; init; }

    /// <summary>The page and size asked for, with defaults; a validation error when out of range.</summary>
    public (int PageNumber, int PageSize) Check() => Paging.Check(Page, PageSize);
}
