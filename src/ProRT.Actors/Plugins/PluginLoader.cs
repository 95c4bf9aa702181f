using System.Reflection;
using System.Runtime.Loader;

namespace ProRT.Actors.Plugins;

/// <summary>The plugin assembly cannot be loaded or holds no plugin.</summary>
public sealed class PluginLoadException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Loads plugins from an assembly file: every public, non-abstract class implementing <see cref="IScanPlugin"/> with
/// a parameterless constructor. The plugin's own dependencies are resolved next to it; prtip's assemblies are
/// shared, so the plugin sees the same <see cref="IScanPlugin"/> type.
/// </summary>
public static class PluginLoader
{
    /// <summary>Creates one instance of each plugin class in the assembly at <paramref name="path"/>.</summary>
    /// <exception cref="PluginLoadException">The assembly cannot be loaded, holds no plugin, or a plugin fails to start.</exception>
    public static IReadOnlyList<IScanPlugin> Load(string path)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full)) throw new PluginLoadException($"no plugin assembly at '{path}'");
        Assembly assembly;
        Type[] types;
        try
        {
            assembly = new PluginContext(full).LoadFromAssemblyPath(full);
            types = assembly.GetExportedTypes();
        }
        catch (Exception e) when (e is BadImageFormatException or FileLoadException or FileNotFoundException or ReflectionTypeLoadException or TypeLoadException)
        {
            throw new PluginLoadException($"cannot load plugin assembly '{path}': {e.Message}", e);
        }
        var plugins = new List<IScanPlugin>();
        foreach (var type in types.Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IScanPlugin).IsAssignableFrom(t)))
        {
            if (type.GetConstructor(Type.EmptyTypes) is null)
                throw new PluginLoadException($"plugin {type.FullName} in '{path}' needs a public parameterless constructor");
            try
            {
                plugins.Add((IScanPlugin)Activator.CreateInstance(type)!);
            }
            catch (TargetInvocationException e)
            {
                throw new PluginLoadException($"plugin {type.FullName} in '{path}' failed to start: {e.InnerException?.Message}", e);
            }
        }
        return plugins.Count > 0 ? plugins : throw new PluginLoadException($"'{path}' holds no plugin (a public class implementing IScanPlugin)");
    }

    private sealed class PluginContext(string path) : AssemblyLoadContext(isCollectible: false)
    {
        private readonly AssemblyDependencyResolver _resolver = new(path);

        private static readonly HashSet<string> Shared = ((AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string) ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(Path.GetFileNameWithoutExtension).OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);

        protected override Assembly? Load(AssemblyName name)
        {
            // Whatever prtip ships or has loaded (ProRT.*, Akka...) is shared; the rest comes from the plugin's folder.
            if (name.Name is { } n && (Shared.Contains(n) || Default.Assemblies.Any(a => a.GetName().Name == n))) return null;
            return _resolver.ResolveAssemblyToPath(name) is { } file ? LoadFromAssemblyPath(file) : null;
        }
    }
}
