using LiveBench;

// bench/live/run's driver. Every figure is printed as one "name value ..." line for the script to collect.
//   latency <app url> <cookie> <user id> <samples> <connection string>   write → DOM update in Chromium
//   idle <app url> <cookie> <seconds>                                     /notifications requests of an idle tab
//   waiters <app url> <users file> <per user> <rounds> <ms between writes> <connection string>
//                                                                         many waiting requests, woken by writes
return args switch
{
    ["latency", var url, var cookie, var user, var samples, var db] =>
        await BrowserBench.LatencyAsync(new Uri(url), cookie, int.Parse(user), int.Parse(samples), db),
    ["idle", var url, var cookie, var seconds] => await BrowserBench.IdleAsync(new Uri(url), cookie, int.Parse(seconds)),
    ["waiters", var url, var users, var perUser, var rounds, var spacing, var db] =>
        await WaitersBench.RunAsync(new Uri(url), users, int.Parse(perUser), int.Parse(rounds), int.Parse(spacing), db),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: LiveBench latency|idle|waiters ... (see bench/live/run)");
    return 2;
}
