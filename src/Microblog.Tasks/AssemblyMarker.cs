namespace Microblog.Tasks;
internal static class AssemblyMarker;
