using System.Management.Automation;
using System.Reflection;
using System.Runtime.Loader;

namespace MerchantApi;

/// <summary>
/// Loads MerchantApi.Engine and its third-party dependencies (Microsoft.Extensions.*) from deps/ into a private
/// AssemblyLoadContext, so another module that loaded different versions of them first cannot break us, nor we
/// it. Framework assemblies are never isolated: the private context falls back to the default one for them.
/// </summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    private static readonly string ModuleFolder = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location)!;
    private static readonly string DependencyFolder = Path.Combine(ModuleFolder, "deps");

    private static readonly Lazy<DependencyLoadContext> Dependencies = new(() => new DependencyLoadContext(DependencyFolder));

    public void OnImport() => AssemblyLoadContext.Default.Resolving += ResolveEngine;

    public void OnRemove(PSModuleInfo module) => AssemblyLoadContext.Default.Resolving -= ResolveEngine;

    // Only the engine is routed to the private context; everything it needs is then found by that context.
    // The model (types users name in scripts) stays in the default context, beside this assembly.
    private static Assembly? ResolveEngine(AssemblyLoadContext context, AssemblyName name) => name.Name switch
    {
        "MerchantApi.Engine" when Directory.Exists(DependencyFolder) => Dependencies.Value.LoadFromAssemblyName(name),
        "MerchantApi.Model" => context.LoadFromAssemblyPath(Path.Combine(ModuleFolder, "MerchantApi.Model.dll")),
        _ => null,
    };

    private sealed class DependencyLoadContext : AssemblyLoadContext
    {
        private readonly string _folder;

        public DependencyLoadContext(string folder) : base("MerchantApi.Dependencies") => _folder = folder;

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            var path = Path.Combine(_folder, assemblyName.Name + ".dll");
            // null: the default context provides it (the shared framework, System.Management.Automation, the model).
            return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
        }
    }
}
