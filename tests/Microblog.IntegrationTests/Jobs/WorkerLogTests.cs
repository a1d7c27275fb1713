using Microblog.Tasks.Jobs;

namespace Microblog.IntegrationTests.Jobs;

public class WorkerLogTests(OperateAppFactory app) : IClassFixture<OperateAppFactory>
{
    [Fact]
    public async Task Worker_writes_one_line_per_job_with_id_name_outcome_and_duration_to_its_log_file()
    {
        var me = await app.CreateUserAsync();
        var done = await app.LaunchAsync(me, LongTask.Name, me.Id);
        var failed = await app.LaunchAsync(me, FailingJob.Name);
        var logFile = Path.Combine(Path.GetTempPath(), $"microblog-worker-{Guid.NewGuid():N}.log");
        try
        {
            await app.RunWorkerInBurstAsync(logFile: logFile);

            var lines = await File.ReadAllLinesAsync(logFile);
            Assert.Matches($@"job {done.Id} long_task attempt 1 finished in \d+(\.\d)? ms$", Assert.Single(lines, l => l.Contains(done.Id)));
            Assert.Matches($@"job {failed.Id} failing_demo attempt 1 failed in \d+(\.\d)? ms$", Assert.Single(lines, l => l.Contains(failed.Id)));
        }
        finally
        {
            File.Delete(logFile);
        }
    }
}
