using Microsoft.EntityFrameworkCore;

namespace Microblog.Web.Pages;

/// <summary>Flask-SQLAlchemy's <c>paginate()</c>: one page of a query, and whether there are newer/older pages.</summary>
public sealed record Paged<T>(IReadOnlyList<T> Items, int Number, bool HasPrevious, bool HasNext);

public static class PagedExtensions
{
    public static async Task<Paged<T>> ToPagedAsync<T>(this IQueryable<T> query, int number, int size, CancellationToken ct = default)
    {
        number = Math.Max(1, number);
        // A page past int's reach (?page=85899347 of 25) is past the last row too: empty, not an overflow.
        var skip = (long)(number - 1) * size;
        if (skip > int.MaxValue)
            return new Paged<T>([], number, true, false);
        // One row more than a page tells whether an older page exists, without a COUNT.
        var rows = await query.Skip((int)skip).Take(size + 1).ToListAsync(ct);
        return new Paged<T>(rows.Take(size).ToList(), number, number > 1, rows.Count > size);
    }
}
