using System.Collections;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using OpenLive.Core.Auth;
using OpenLive.Core.Errors;
using OpenLive.Protocol.V1;

namespace OpenLive.Server.Tests.Edges.Signaling;

/// <summary>
/// Every request type of the signaling protocol, built by reflection over its descriptor so that a new request type or
/// field is covered without editing the tests: integer fields (at any depth) take values the caller picks, strings
/// and bytes come from the caller, one member of each oneof is set, booleans are true.
/// </summary>
internal static class WireRequests
{
    /// <summary>Raw 64-bit patterns, each cast (unchecked) to the field's type: 0, 1, -1 / max, int and long limits, 2^32.</summary>
    public static readonly ulong[] Extremes =
    [
        0, 1, ulong.MaxValue, ulong.MaxValue - 1, int.MaxValue, unchecked((ulong)int.MinValue), uint.MaxValue,
        (ulong)uint.MaxValue + 1, long.MaxValue, unchecked((ulong)long.MinValue),
    ];

    /// <summary>The request types (the fields of <c>ClientFrame.body</c>).</summary>
    public static IReadOnlyList<FieldDescriptor> RequestTypes { get; } = [.. ClientFrame.Descriptor.Oneofs[0].Fields];

    /// <summary>A request of type <paramref name="body"/>; the n-th integer field met gets <paramref name="integer"/>(n).</summary>
    public static ClientFrame Request(FieldDescriptor body, uint requestId, Func<int, ulong> integer, Func<FieldDescriptor, string> text)
    {
        var frame = new ClientFrame { RequestId = requestId };
        var next = 0;
        body.Accessor.SetValue(frame, Build(body.MessageType, () => integer(next++), text, depth: 0));
        return frame;
    }

    /// <summary>
    /// An error is clear when its module and code are in the seed tables (ErrorCatalog), or are IMSDK's store errors or
    /// TLSSDK's ticket checks (docs/errors.md).
    /// </summary>
    public static bool IsClearError(Error error, out string why)
    {
        why = $"{error.Module} {error.Code} {error.Message}";
        if (!Enum.TryParse<ErrorModule>(error.Module, out var module))
        {
            return false;
        }

        var known = ErrorCatalog.TryGet(module, error.Code, out _)
            || (module == ErrorModule.IMSDK && error.Code is ImErrors.GroupInternalError or ImErrors.MessageInternalError)
            || (module == ErrorModule.TLSSDK && error.Code is UserSigErrors.Malformed or UserSigErrors.BadSignature or UserSigErrors.IdentifierMismatch
                or UserSigErrors.AppIdMismatch or UserSigErrors.UserBufMismatch);

        // AVSDK 10001 with "see its log" is the router's answer to an unexpected exception: a crash, not a clear error.
        return known && !(module == ErrorModule.AVSDK && error.Code == (int)AVErrorCode.ServerFailed);
    }

    private static IMessage Build(MessageDescriptor type, Func<ulong> next, Func<FieldDescriptor, string> text, int depth)
    {
        var message = (IMessage)Activator.CreateInstance(type.ClrType)!;
        if (depth > 4)
        {
            return message;
        }

        foreach (var field in type.Fields.InFieldNumberOrder())
        {
            if (field.IsMap || (field.RealContainingOneof is { } oneof && oneof.Fields[0] != field))
            {
                continue;
            }

            object? value = field.FieldType switch
            {
                FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => unchecked((int)next()),
                FieldType.UInt32 or FieldType.Fixed32 => unchecked((uint)next()),
                FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => unchecked((long)next()),
                FieldType.UInt64 or FieldType.Fixed64 => next(),
                FieldType.Enum => Enum.ToObject(field.EnumType.ClrType, unchecked((int)next())),
                FieldType.Bool => true,
                FieldType.String => text(field),
                FieldType.Bytes => ByteString.CopyFromUtf8(text(field)),
                FieldType.Message => Build(field.MessageType, next, text, depth + 1),
                _ => null,
            };
            if (value is null)
            {
                continue;
            }

            if (field.IsRepeated)
            {
                ((IList)field.Accessor.GetValue(message)).Add(value);
            }
            else
            {
                field.Accessor.SetValue(message, value);
            }
        }

        return message;
    }
}
