namespace Microblog.Data;
internal static class AssemblyMarker;
