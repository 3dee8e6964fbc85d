using System.Text.Json;
using Kyc.Onboarding.Tests.Support;
using Xunit;

namespace Kyc.Onboarding.Tests.Api;

/// <summary>
/// Lists are offset pages over one total order: created_at descending, then id descending (newest first), merged over
/// both regions. What is asserted:
/// - a stable list pages into exactly its items: no duplicates, no gaps, newest first;
/// - cases created while a client pages never change the relative order of the earlier cases; they appear at the
///   front and push the earlier cases back by as many positions as were created. A client that reads page 1, then
///   page 2 after k new cases, sees the last k items of page 1 again at the start of page 2 (duplicates, never gaps).
/// </summary>
public sealed class PaginationTests(OnboardingApiFactory app) : IClassFixture<OnboardingApiFactory>
{
    [Fact]
    public async Task Twenty_five_cases_page_into_three_pages_newest_first_without_duplicates_or_gaps()
    {
        var partner = await app.NewPartnerAsync();
        var created = await CreateAsync(partner, 25);
        var newestFirst = Enumerable.Reverse(created).ToList();

        var pages = new List<JsonElement>();
        for (var page = 1; page <= 3; page++) pages.Add(await partner.ListOkAsync($"page={page}&page_size=10"));

        Assert.Equal([10, 10, 5], pages.Select(p => p.GetProperty("items").GetArrayLength()));
        Assert.All(pages, p => Assert.Equal(25, p.GetProperty("total").GetInt64()));
        var all = pages.SelectMany(Ids).ToList();
        Assert.Equal(25, all.Distinct().Count());
        Assert.Equal(newestFirst, all);
        var createdAt = pages.SelectMany(p => p.GetProperty("items").EnumerateArray()).Select(i => i.GetProperty("created_at").GetDateTimeOffset()).ToList();
        Assert.Equal(createdAt.OrderDescending(), createdAt);
        Assert.Equal("/v1/onboarding/cases?page=3&page_size=10", pages[1].GetProperty("links").GetProperty("next").GetString());
        Assert.Equal(JsonValueKind.Null, pages[2].GetProperty("links").GetProperty("next").ValueKind);
        Assert.Equal("/v1/onboarding/cases?page=2&page_size=10", pages[2].GetProperty("links").GetProperty("prev").GetString());

        var beyond = await partner.ListOkAsync("page=4&page_size=10");
        Assert.Empty(beyond.GetProperty("items").EnumerateArray());
        Assert.Equal(25, beyond.GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task Cases_created_while_paging_go_to_the_front_and_shift_the_earlier_cases_without_reordering_them()
    {
        var partner = await app.NewPartnerAsync();
        var earlier = Enumerable.Reverse(await CreateAsync(partner, 25)).ToList();

        var page1 = Ids(await partner.ListOkAsync("page=1&page_size=10"));
        var later = Enumerable.Reverse(await CreateAsync(partner, 3)).ToList();
        var page2 = Ids(await partner.ListOkAsync("page=2&page_size=10"));
        var page3 = Ids(await partner.ListOkAsync("page=3&page_size=10"));

        Assert.Equal(earlier[..10], page1);
        // Three newer cases push everything back by three: page 2 starts with the last three items of page 1.
        Assert.Equal(earlier[7..17], page2);
        Assert.Equal(earlier[17..25], page3);
        var seen = page1.Concat(page2).Concat(page3).ToList();
        Assert.Empty(earlier.Except(seen)); // no gap: every earlier case was seen
        Assert.Equal(3, seen.Count - seen.Distinct().Count());
        Assert.Empty(later.Intersect(seen)); // the new cases are in front of page 1, which was read before they existed

        var everything = Ids(await partner.ListOkAsync("page=1&page_size=100"));
        Assert.Equal(later.Concat(earlier), everything);
    }

    private static async Task<List<string>> CreateAsync(ApiClient partner, int count)
    {
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            // Every fifth case in the us region: pages merge both regions' databases.
            ids.Add((await partner.CreateCaseOkAsync(CaseBodies.CreateCase(i % 5 == 4 ? "US" : "DE", $"page-{i}"))).Id);
        }
        return ids;
    }

    private static List<string> Ids(JsonElement page) =>
        [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!)];
}
