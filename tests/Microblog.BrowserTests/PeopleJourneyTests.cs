using Microblog.Data;
using Microblog.IntegrationTests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Microblog.BrowserTests;

/// <summary>Finding people and posts: search, the user popover, avatars without Gravatar.</summary>
public class PeopleJourneyTests(KestrelAppFactory app, Browser browser, ITestOutputHelper output)
    : IClassFixture<KestrelAppFactory>, IClassFixture<Browser>
{
    [Fact]
    public async Task Hovering_a_username_shows_a_card_whose_button_follows_them()
    {
        var author = await app.CreateUserAsync("author");
        await app.WithDbAsync(async db =>
        {
            var user = await db.Users.FindAsync(author.Id);
            user!.AboutMe = "I write about popovers";
            db.Posts.Add(new Post { Body = "hover over my name", UserId = author.Id });
            await db.SaveChangesAsync();
        });
        var page = await SignedInPageAsync();

        await page.GotoAsync("/explore");
        await page.Locator($"a[data-popup]:text-is('{author.UserName}')").First.HoverAsync();
        var card = page.Locator(".user-popover");
        await Assertions.Expect(card).ToBeVisibleAsync();
        await Assertions.Expect(card).ToContainTextAsync("I write about popovers");
        await Assertions.Expect(card).ToContainTextAsync("0 followers");
        await Screenshot(page, "popover.png");
        await card.Locator("#popup-follow").ClickAsync();
        await page.WaitForURLAsync($"**/user/{author.UserName}");

        Assert.Contains($"You are following {author.UserName}!", await page.InnerTextAsync(".flash"));
        Assert.Contains("1 followers", await page.InnerTextAsync("#followers"));
    }

    [Fact]
    public async Task Avatars_show_the_local_placeholder_when_gravatar_is_unreachable()
    {
        var page = await SignedInPageAsync();
        await page.Context.RouteAsync("https://www.gravatar.com/**", route => route.AbortAsync());

        await page.GotoAsync("/user/" + (await app.CreateUserAsync("faceless")).UserName);

        var avatar = page.Locator("img.avatar").First;
        await Assertions.Expect(avatar).ToHaveAttributeAsync("src", new System.Text.RegularExpressions.Regex("^/avatar/.+\\.svg$"));
        await page.WaitForFunctionAsync("() => document.querySelector('img.avatar').naturalWidth > 0");
    }

    [Fact]
    public async Task Searching_from_the_navbar_lists_matching_posts()
    {
        var author = await app.CreateUserAsync("writer");
        await app.WithDbAsync(async db =>
        {
            db.Posts.AddRange(
                new Post { Body = "Kayaking the fjords: kayaking every day", UserId = author.Id },
                new Post { Body = "Went kayaking once", UserId = author.Id },
                new Post { Body = "A post about cooking", UserId = author.Id });
            await db.SaveChangesAsync();
        });
        var page = await SignedInPageAsync();

        await page.FillAsync("#navbar-search", "kayak");
        await page.PressAsync("#navbar-search", "Enter");
        await page.WaitForURLAsync("**/search?q=kayak");
        await Screenshot(page, "search.png");

        var bodies = await page.Locator(".post-body").AllInnerTextsAsync();
        Assert.Equal(["Kayaking the fjords: kayaking every day", "Went kayaking once"], bodies);
    }

    private async Task<IPage> SignedInPageAsync()
    {
        var reader = await app.CreateUserAsync("reader");
        var page = await browser.NewPageAsync(app.RootUri);
        await page.GotoAsync("/auth/login");
        await page.FillAsync("#Input_Username", reader.UserName);
        await page.FillAsync("#Input_Password", reader.Password);
        await page.ClickAsync("#sign-in");
        await page.WaitForURLAsync("**/index");
        return page;
    }

    private async Task Screenshot(IPage page, string name)
    {
        var shot = Path.Combine(AppContext.BaseDirectory, "screenshots", name);
        Directory.CreateDirectory(Path.GetDirectoryName(shot)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = shot, FullPage = true });
        output.WriteLine($"screenshot: {shot}");
    }
}
