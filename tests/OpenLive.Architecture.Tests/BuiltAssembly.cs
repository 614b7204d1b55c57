using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace OpenLive.Architecture.Tests;

/// <summary>
/// What a built assembly depends on, read from its metadata (the file is never loaded): the assemblies it references and
/// the assemblies it lets see its internals.
/// </summary>
internal sealed class BuiltAssembly
{
    private BuiltAssembly(string name, IReadOnlySet<string> references, IReadOnlySet<string> internalsVisibleTo)
    {
        Name = name;
        References = references;
        InternalsVisibleTo = internalsVisibleTo;
    }

    public string Name { get; }

    /// <summary>Names of the assemblies this one references directly.</summary>
    public IReadOnlySet<string> References { get; }

    /// <summary>Names of the assemblies granted <c>[InternalsVisibleTo]</c> (the name before any public key).</summary>
    public IReadOnlySet<string> InternalsVisibleTo { get; }

    public static BuiltAssembly Read(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();
        var name = reader.GetString(reader.GetAssemblyDefinition().Name);
        var references = reader.AssemblyReferences
            .Select(handle => reader.GetString(reader.GetAssemblyReference(handle).Name))
            .ToHashSet(StringComparer.Ordinal);
        var friends = new HashSet<string>(StringComparer.Ordinal);
        foreach (var handle in reader.GetAssemblyDefinition().GetCustomAttributes())
        {
            var attribute = reader.GetCustomAttribute(handle);
            if (AttributeTypeName(reader, attribute) == "System.Runtime.CompilerServices.InternalsVisibleToAttribute")
            {
                // The blob: prolog 0x0001, then the one string argument ("Name" or "Name, PublicKey=…").
                var blob = reader.GetBlobReader(attribute.Value);
                blob.ReadUInt16();
                var friend = blob.ReadSerializedString() ?? string.Empty;
                friends.Add(friend.Split(',')[0].Trim());
            }
        }

        return new BuiltAssembly(name, references, friends);
    }

    private static string AttributeTypeName(MetadataReader reader, CustomAttribute attribute)
    {
        var type = attribute.Constructor.Kind switch
        {
            HandleKind.MemberReference => reader.GetMemberReference((MemberReferenceHandle)attribute.Constructor).Parent,
            HandleKind.MethodDefinition => reader.GetMethodDefinition((MethodDefinitionHandle)attribute.Constructor).GetDeclaringType(),
            _ => default(EntityHandle),
        };
        return type.Kind switch
        {
            HandleKind.TypeReference when reader.GetTypeReference((TypeReferenceHandle)type) is var t =>
                reader.GetString(t.Namespace) + "." + reader.GetString(t.Name),
            HandleKind.TypeDefinition when reader.GetTypeDefinition((TypeDefinitionHandle)type) is var t =>
                reader.GetString(t.Namespace) + "." + reader.GetString(t.Name),
            _ => string.Empty,
        };
    }
}
