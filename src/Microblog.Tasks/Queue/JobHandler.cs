using System.Reflection;
using System.Text.Json;

namespace Microblog.Tasks.Queue;

/// <summary>
/// A registered handler class: its stable name, its one <c>RunAsync</c> and how JSON arguments bind to it by
/// position. Built once by <c>AddJob&lt;T&gt;</c>, so a wrong signature fails at start-up.
/// </summary>
internal sealed class JobHandler
{
    private readonly MethodInfo run;
    private readonly Type[] argTypes;
    private readonly bool takesToken;
    private readonly PropertyInfo? resultProperty;

    private JobHandler(string name, Type type, MethodInfo run, Type[] argTypes, bool takesToken, PropertyInfo? resultProperty)
    {
        Name = name;
        Type = type;
        this.run = run;
        this.argTypes = argTypes;
        this.takesToken = takesToken;
        this.resultProperty = resultProperty;
    }

    public string Name { get; }

    public Type Type { get; }

    public static JobHandler For(Type type)
    {
        var where = $"Job handler {type.FullName}";
        var nameField = type.GetField("Name", BindingFlags.Public | BindingFlags.Static);
        if (nameField is not { IsLiteral: true } || nameField.FieldType != typeof(string) || nameField.GetRawConstantValue() is not string name || name.Length == 0)
            throw new InvalidOperationException($"{where} must declare its stable job name: public const string Name = \"some_name\";");

        var runs = type.GetMethods(BindingFlags.Public | BindingFlags.Instance).Where(m => m.Name == "RunAsync").ToArray();
        if (runs.Length != 1)
            throw new InvalidOperationException($"{where} must have exactly one public instance method RunAsync; it has {runs.Length}.");
        var run = runs[0];

        var returns = run.ReturnType;
        PropertyInfo? resultProperty = null;
        if (returns.IsGenericType && returns.GetGenericTypeDefinition() == typeof(Task<>))
            resultProperty = returns.GetProperty(nameof(Task<int>.Result));
        else if (returns != typeof(Task))
            throw new InvalidOperationException($"{where}: RunAsync must return Task or Task<T>, not {returns.Name}.");

        var parameters = run.GetParameters();
        var takesToken = parameters.Length > 0 && parameters[^1].ParameterType == typeof(CancellationToken);
        var argTypes = parameters.Take(parameters.Length - (takesToken ? 1 : 0)).Select(p => p.ParameterType).ToArray();
        foreach (var p in parameters.Take(argTypes.Length))
        {
            if (p.ParameterType == typeof(CancellationToken))
                throw new InvalidOperationException($"{where}: the CancellationToken must be RunAsync's last parameter.");
            if (p.ParameterType.IsByRef || p.IsOut)
                throw new InvalidOperationException($"{where}: RunAsync parameter '{p.Name}' cannot be ref or out; arguments come from JSON.");
        }
        return new JobHandler(name, type, run, argTypes, takesToken, resultProperty);
    }

    /// <summary>Binds JSON arguments by position; throws <see cref="ArgumentException"/> with a reason when they do not fit.</summary>
    public object?[] Bind(IReadOnlyList<JsonElement> args)
    {
        if (args.Count != argTypes.Length)
            throw new ArgumentException($"Job '{Name}' takes {argTypes.Length} argument(s) ({string.Join(", ", argTypes.Select(t => t.Name))}), but got {args.Count}.");
        var bound = new object?[argTypes.Length + (takesToken ? 1 : 0)];
        for (var i = 0; i < argTypes.Length; i++)
        {
            try
            {
                bound[i] = args[i].Deserialize(argTypes[i], JobJson.Options);
            }
            catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException)
            {
                throw new ArgumentException($"Job '{Name}' argument {i + 1} ({args[i].GetRawText()}) does not bind to {argTypes[i].Name}: {e.Message}", e);
            }
        }
        return bound;
    }

    /// <summary>Runs the handler; returns its JSON result, or null for a plain Task.</summary>
    public async Task<string?> InvokeAsync(object instance, object?[] bound, CancellationToken token)
    {
        if (takesToken)
            bound[^1] = token;
        var task = (Task)run.Invoke(instance, BindingFlags.DoNotWrapExceptions, null, bound, null)!;
        await task;
        return resultProperty is null ? null : JsonSerializer.Serialize(resultProperty.GetValue(task), JobJson.Options);
    }
}
