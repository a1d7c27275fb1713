namespace Microblog.BrowserTests;
public class SmokeTests { [Fact] public void Builds() => Assert.True(true); }
