using System.Text.RegularExpressions;
using Microblog.Tasks.Jobs;

namespace Microblog.UnitTests.Jobs;

public class LongTaskTests
{
    [Fact]
    public void Steps_count_up_from_zero_to_a_random_total_between_10_and_50()
    {
        var totals = new HashSet<int>();

        for (var seed = 0; seed < 200; seed++)
        {
            var steps = LongTask.Steps(new Random(seed)).ToList();
            totals.Add(steps.Count);
            Assert.InRange(steps.Count, 10, 50);
            Assert.Equal(Enumerable.Range(0, steps.Count), steps.Select(s => s.Current));
            Assert.All(steps, s => Assert.Equal(steps.Count, s.Total));
        }

        Assert.True(totals.Count > 20, "the length should vary from run to run");
        Assert.Contains(10, totals);
        Assert.Contains(50, totals);
    }

    [Fact]
    public void Status_messages_are_verb_adjective_noun_and_change_now_and_then()
    {
        var steps = LongTask.Steps(new Random(7)).ToList();

        Assert.All(steps, s => Assert.Matches(
            new Regex(@"^(Starting up|Booting|Repairing|Loading|Checking) (master|radiant|silent|harmonic|fast) (solar array|particle reshaper|cosmic ray|orbiter|bit)\.\.\.$"),
            s.Status));
        Assert.InRange(steps.Select(s => s.Status).Distinct().Count(), 2, steps.Count);
    }

    [Fact]
    public void The_same_seed_gives_the_same_run()
    {
        var first = LongTask.Steps(new Random(42)).ToList();

        var second = LongTask.Steps(new Random(42)).ToList();

        Assert.Equal(first, second);
    }
}
