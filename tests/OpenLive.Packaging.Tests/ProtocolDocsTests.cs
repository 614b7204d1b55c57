using System.IO.Compression;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;

namespace OpenLive.Packaging.Tests;

/// <summary>
/// OpenLive.Protocol's public surface is protoc's C#, whose files disable CS1591: its docs are the comments in
/// protocol/openlive/v1/*.proto, which protoc copies. This holds them to the rule the other packages' compiler holds
/// them to — every public type, property, enum value and method of the shipped assembly has an entry in the shipped XML
/// docs — except protobuf's boilerplate, the same in every message, which no .proto comment can document
/// (docs/packages-dotnet.md lists it): constructors, Parser, Descriptor, Clone, MergeFrom, Equals, GetHashCode,
/// ToString, WriteTo, CalculateSize, and a oneof's XxxOneofCase enum with its XxxCase property and ClearXxx() method.
/// </summary>
[Collection(PackedFeedGroup.Name)]
public sealed class ProtocolDocsTests(PackedFeed feed)
{
    private static readonly HashSet<string> Boilerplate = new(StringComparer.Ordinal)
    {
        "Parser", "Descriptor", "Clone", "MergeFrom", "Equals", "GetHashCode", "ToString", "WriteTo", "CalculateSize",
    };

    [Fact]
    public void EveryPublicMemberOfTheSchema_HasXmlDocs_ButProtobufsBoilerplate()
    {
        using var package = ZipFile.OpenRead(feed.PackagePath("OpenLive.Protocol"));
        var documented = Documented(package);
        using var assembly = new MemoryStream();
        using (var dll = package.GetEntry("lib/net10.0/OpenLive.Protocol.dll")!.Open())
        {
            dll.CopyTo(assembly);
        }

        assembly.Position = 0;
        using var pe = new PEReader(assembly);
        var metadata = pe.GetMetadataReader();
        var missing = new List<string>();
        var checkedCount = 0;
        foreach (var handle in metadata.TypeDefinitions)
        {
            var type = metadata.GetTypeDefinition(handle);
            if (!IsVisible(metadata, type))
            {
                continue;
            }

            var typeName = FullName(metadata, type);
            if (typeName.EndsWith("OneofCase", StringComparison.Ordinal))
            {
                continue;
            }

            var oneofs = OneofNames(metadata, type);
            var members = new List<string> { "T:" + typeName };
            members.AddRange(type.GetProperties().Select(metadata.GetPropertyDefinition)
                .Where(p => IsPublic(metadata, p))
                .Select(p => metadata.GetString(p.Name))
                .Where(name => !Boilerplate.Contains(name) && !(name.EndsWith("Case", StringComparison.Ordinal) && oneofs.Contains(name[..^"Case".Length])))
                .Select(name => $"P:{typeName}.{name}"));
            members.AddRange(type.GetFields().Select(metadata.GetFieldDefinition)
                .Where(f => (f.Attributes & FieldAttributes.FieldAccessMask) == FieldAttributes.Public && (f.Attributes & FieldAttributes.SpecialName) == 0)
                .Select(f => $"F:{typeName}.{metadata.GetString(f.Name)}"));
            members.AddRange(type.GetMethods().Select(metadata.GetMethodDefinition)
                .Where(m => (m.Attributes & MethodAttributes.MemberAccessMask) == MethodAttributes.Public && (m.Attributes & MethodAttributes.SpecialName) == 0)
                .Select(m => metadata.GetString(m.Name))
                .Where(name => !Boilerplate.Contains(name) && !(name.StartsWith("Clear", StringComparison.Ordinal) && oneofs.Contains(name[5..])))
                .Distinct(StringComparer.Ordinal)
                .Select(name => $"M:{typeName}.{name}"));

            foreach (var member in members)
            {
                checkedCount++;
                if (!documented.Contains(member) && !documented.Any(d => d.StartsWith(member + "(", StringComparison.Ordinal)))
                {
                    missing.Add(member);
                }
            }
        }

        Assert.True(checkedCount > 500, $"only {checkedCount} members were checked: the assembly was not read as expected");
        Assert.True(missing.Count == 0, $"{missing.Count} public members of OpenLive.Protocol have no XML docs (comment them in protocol/openlive/v1/*.proto):{Environment.NewLine}{string.Join(Environment.NewLine, missing)}");
    }

    /// <summary>The member ids of the shipped XML docs whose summary says something.</summary>
    private static HashSet<string> Documented(ZipArchive package)
    {
        using var xml = package.GetEntry("lib/net10.0/OpenLive.Protocol.xml")!.Open();
        return XDocument.Load(xml).Descendants("member")
            .Where(m => !string.IsNullOrWhiteSpace(m.Element("summary")?.Value))
            .Select(m => (string)m.Attribute("name")!)
            .ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The names of a message's oneofs: each has a nested XxxOneofCase enum.</summary>
    private static HashSet<string> OneofNames(MetadataReader metadata, TypeDefinition type) =>
        type.GetNestedTypes().Select(n => metadata.GetString(metadata.GetTypeDefinition(n).Name))
            .Where(n => n.EndsWith("OneofCase", StringComparison.Ordinal))
            .Select(n => n[..^"OneofCase".Length])
            .ToHashSet(StringComparer.Ordinal);

    private static bool IsVisible(MetadataReader metadata, TypeDefinition type)
    {
        var visibility = type.Attributes & TypeAttributes.VisibilityMask;
        if (visibility == TypeAttributes.Public)
        {
            return true;
        }

        return visibility == TypeAttributes.NestedPublic && IsVisible(metadata, metadata.GetTypeDefinition(type.GetDeclaringType()));
    }

    private static bool IsPublic(MetadataReader metadata, PropertyDefinition property)
    {
        var accessors = property.GetAccessors();
        var getter = accessors.Getter.IsNil ? accessors.Setter : accessors.Getter;
        return (metadata.GetMethodDefinition(getter).Attributes & MethodAttributes.MemberAccessMask) == MethodAttributes.Public;
    }

    /// <summary>The name the XML docs use: namespace, then the enclosing types, dot-separated.</summary>
    private static string FullName(MetadataReader metadata, TypeDefinition type)
    {
        var name = metadata.GetString(type.Name);
        var declaring = type.GetDeclaringType();
        return declaring.IsNil
            ? $"{metadata.GetString(type.Namespace)}.{name}"
            : $"{FullName(metadata, metadata.GetTypeDefinition(declaring))}.{name}";
    }
}
